package satchel.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.config.HostPort;
import satchel.store.MailStore;
import satchel.store.StoreException;

/**
 * The HTTP listener for operators (JDK HttpServer, no framework): {@code GET /metrics} in Prometheus text
 * format (OpenMetrics when the scraper's Accept header asks for it), and {@code GET /health}, 200 when the store
 * answers a query and 503 otherwise (for load balancers). Meant for a private address; it has no authentication.
 */
final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

    private final HttpServer http;

    private MetricsServer(HttpServer http) {
        this.http = http;
    }

    static MetricsServer start(String hostPort, Metrics metrics, MailStore store) throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(HostPort.parse(hostPort).toSocketAddress(), 16);
        } catch (IOException e) {
            throw new IOException("cannot listen for metrics on " + hostPort + ": " + e.getMessage(), e);
        }
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/metrics", ex -> {
            if (!get(ex)) return;
            boolean openMetrics = wantsOpenMetrics(ex.getRequestHeaders().getFirst("Accept"));
            reply(ex, 200, openMetrics ? Metrics.OPENMETRICS : Metrics.PROMETHEUS_TEXT,
                    metrics.scrape(openMetrics));
        });
        http.createContext("/health", ex -> {
            if (!get(ex)) return;
            try {
                store.users();
                reply(ex, 200, "text/plain; charset=utf-8", "ok\n");
            } catch (StoreException | RuntimeException e) {
                reply(ex, 503, "text/plain; charset=utf-8", "store unavailable: " + e.getMessage() + "\n");
            }
        });
        http.createContext("/", ex -> reply(ex, 404, "text/plain; charset=utf-8", "try /metrics or /health\n"));
        http.start();
        return new MetricsServer(http);
    }

    /**
     * True when the Accept header lists {@code application/openmetrics-text} with a q-value above 0 (RFC 9110
     * §12.5.1), as Prometheus does; anything else, including no header, gets the classic text format. Protobuf is
     * never offered.
     */
    static boolean wantsOpenMetrics(String accept) {
        if (accept == null) return false;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            if (!parts[0].strip().equalsIgnoreCase("application/openmetrics-text")) continue;
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.regionMatches(true, 0, "q=", 0, 2)) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0; // unreadable: as if not asked for
                    }
                }
            }
            if (q > 0) return true;
        }
        return false;
    }

    InetSocketAddress address() {
        return http.getAddress();
    }

    private static boolean get(HttpExchange ex) throws IOException {
        String m = ex.getRequestMethod();
        if (m.equals("GET") || m.equals("HEAD")) return true;
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        reply(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return false;
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (!head) out.write(b);
        } catch (IOException e) {
            log.debug("metrics client went away: {}", e.getMessage());
        }
    }

    @Override public void close() {
        http.stop(0);
    }
}
