package satchel.server;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import satchel.session.Replies;
import satchel.session.SessionObserver.State;
import satchel.store.MailStore;

/**
 * What the server reports to a metrics backend, and what {@link MetricsServer} serves. The core knows no metrics
 * library: the backend (Micrometer with Prometheus, {@code satchel.metrics} in the {@code satchel-metrics}
 * artifact) is found through {@link ServiceLoader} only when a configuration turns metrics on, so an embedding
 * without it loads none. Called from connection threads at any time; implementations are thread-safe.
 */
public interface Metrics extends AutoCloseable {
    /** The Content-Types of the two formats {@link #scrape} writes. */
    String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** A session moved between states; {@code from} is null for a new one. */
    void sessionState(State from, State to);

    /** {@code result}: accepted, refused or evicted. */
    void connection(String result);

    void command(String name, Replies.Status result, long nanos);

    /** {@code result}: ok, failed or refused (per-user limit). */
    void login(String mechanism, String result);

    void authFailure(String mechanism);

    /** Every meter in the Prometheus text format, or OpenMetrics when {@code openMetrics}. */
    String scrape(boolean openMetrics);

    @Override void close();

    /**
     * What a backend may read. {@code certificate}: the leaf certificate new handshakes present now (it changes on
     * reload). {@code received}/{@code sent}: bytes on the wire, added to by the listeners' sockets as they flow.
     */
    record Sources(MailStore store, Path dataDir, Supplier<X509Certificate> certificate, LongAdder received,
                   LongAdder sent) {}

    /** A backend, registered in {@code META-INF/services/satchel.server.Metrics$Provider}. */
    interface Provider {
        Metrics create(Sources sources);
    }

    /** The first backend on the class path; none is a configuration error that names what is missing. */
    static Metrics load(Sources sources) {
        return ServiceLoader.load(Provider.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("metrics: a metrics listener is configured but no "
                        + "metrics backend is on the class path (add dev.satchel:satchel-metrics, or turn metrics "
                        + "off)"))
                .create(sources);
    }
}
