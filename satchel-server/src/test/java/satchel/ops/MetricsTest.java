package satchel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.Await;
import satchel.TestClient;
import satchel.config.ServerConfig;
import satchel.embedded.Satchel;
import satchel.server.ImapServer;

/** /metrics scraped over HTTP after a scripted session shows what happened; /health answers. */
class MetricsTest {
    private static final String PASSWORD = "s3cretPW";
    @TempDir Path dir;
    private Satchel server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach void stop() {
        if (server != null) server.close();
    }

    /** A SQLite store in {@code dir}, users alice and bob, IMAP only, with the metrics setting given. */
    private Satchel start(String metrics) throws Exception {
        return Satchel.builder().dataDirectory(dir).imap(0).user("alice", PASSWORD).user("bob", PASSWORD)
                .config("metrics", metrics).start();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(server.metricsPort(), path);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the sample {@code name{labels}} (labels exactly as exposed, sorted by name), or NaN. */
    private static double sample(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Test void aScriptedSessionIsCounted() throws Exception {
        server = start("127.0.0.1:0");
        assertThat(get("/health").statusCode()).isEqualTo(200);
        try (TestClient c = TestClient.connect(server.host(), server.imapPort())) {
            c.greeting();
            c.command("LOGIN alice wrong");
            c.command("LOGIN alice " + PASSWORD);
            c.command("SELECT INBOX");
            String tag = c.nextTag();
            c.write(tag + " APPEND INBOX {21+}\r\nSubject: hi\r\n\r\nbody\r\n\r\n");
            assertThat(c.until(tag + " ").getLast()).contains("OK");
            c.command("NOOP");
            c.command("FETCH 1 (FLAGS)");
            c.command("FETCH 1 (FLAGS)");
            c.command("BOGUS");
            String during = get("/metrics").body();
            assertThat(sample(during, "satchel_sessions{state=\"selected\"}")).isEqualTo(1);
            assertThat(sample(during, "satchel_sessions{state=\"authenticated\"}")).isZero();
            c.command("LOGOUT");
        }
        Await.until(Duration.ofSeconds(10), () -> server.connections() == 0);
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String m = r.body();
        String count = "satchel_commands_seconds_count";
        assertThat(sample(m, count + "{command=\"LOGIN\",result=\"no\"}")).isEqualTo(1);
        assertThat(sample(m, count + "{command=\"LOGIN\",result=\"ok\"}")).isEqualTo(1);
        assertThat(sample(m, count + "{command=\"SELECT\",result=\"ok\"}")).isEqualTo(1);
        assertThat(sample(m, count + "{command=\"APPEND\",result=\"ok\"}")).isEqualTo(1);
        assertThat(sample(m, count + "{command=\"FETCH\",result=\"ok\"}")).isEqualTo(2);
        assertThat(sample(m, count + "{command=\"LOGOUT\",result=\"ok\"}")).isEqualTo(1);
        assertThat(m).contains("satchel_commands_seconds_bucket{command=\"FETCH\",result=\"ok\",le=");
        assertThat(sample(m, "satchel_auth_failures_total{mechanism=\"LOGIN\"}")).isEqualTo(1);
        assertThat(sample(m, "satchel_logins_total{mechanism=\"LOGIN\",result=\"ok\"}")).isEqualTo(1);
        assertThat(sample(m, "satchel_connections_total{result=\"accepted\"}")).isEqualTo(1);
        assertThat(sample(m, "satchel_sessions{state=\"selected\"}")).isZero();
        assertThat(sample(m, "satchel_sessions{state=\"not_authenticated\"}")).isZero();
        assertThat(sample(m, "satchel_network_received_bytes_total")).isGreaterThan(100);
        assertThat(sample(m, "satchel_network_sent_bytes_total")).isGreaterThan(100);
        assertThat(sample(m, "satchel_store_messages")).isEqualTo(1);
        assertThat(sample(m, "satchel_store_users")).isEqualTo(2);
        assertThat(sample(m, "satchel_store_message_size_bytes")).isEqualTo(21);
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
    }

    /** Closing the store under a running server is failure injection the public handle does not offer. */
    @Test void healthFailsWhenTheStoreIsGone() throws Exception {
        var config = ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps(null).withMetrics("127.0.0.1:0");
        try (ImapServer internal = ImapServer.start(config)) {
            internal.store().close();
            assertThat(get(internal.metricsAddress().getPort(), "/health").statusCode()).isEqualTo(503);
        }
    }

    @Test void metricsOffMeansNoListener() throws Exception {
        server = start("off");
        assertThat(server.metricsPort()).isEqualTo(-1);
    }
}
