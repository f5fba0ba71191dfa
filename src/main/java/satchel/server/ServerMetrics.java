package satchel.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import satchel.session.Replies;
import satchel.session.SessionObserver.State;
import satchel.store.MailStore;
import satchel.store.StoreException;
import satchel.store.StoreMaintenance;

/**
 * The server's Micrometer meters, exposed in Prometheus format by {@link MetricsServer}. The only class that
 * knows Micrometer; sessions report through {@link SessionHooks}. Store sizes are computed at scrape time
 * and cached briefly, as counting a big store is not free.
 */
final class ServerMetrics {
    private static final Duration STORE_CACHE = Duration.ofSeconds(15);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<State, AtomicInteger> sessions = new EnumMap<>(State.class);
    private final Counter received;
    private final Counter sent;
    private final MailStore store;
    private final Path dataDir;
    private volatile StoreMaintenance.Totals totals;
    private volatile long totalsAt;

    ServerMetrics(MailStore store, Path dataDir) {
        this.store = store;
        this.dataDir = dataDir;
        for (State s : State.values()) {
            if (s == State.LOGOUT) continue;
            AtomicInteger n = new AtomicInteger();
            sessions.put(s, n);
            Gauge.builder("satchel.sessions", n, AtomicInteger::get).tag("state", s.name().toLowerCase(Locale.ROOT))
                    .description("Open IMAP sessions by state").register(registry);
        }
        received = Counter.builder("satchel.network.received").baseUnit("bytes")
                .description("IMAP bytes read from clients (above TLS and COMPRESS), counted when sessions end")
                .register(registry);
        sent = Counter.builder("satchel.network.sent").baseUnit("bytes")
                .description("IMAP bytes written to clients (above TLS and COMPRESS), counted when sessions end")
                .register(registry);
        if (store instanceof StoreMaintenance) {
            storeGauge("satchel.store.users", null, "Users", StoreMaintenance.Totals::users);
            storeGauge("satchel.store.mailboxes", null, "Mailboxes", StoreMaintenance.Totals::mailboxes);
            storeGauge("satchel.store.messages", null, "Messages in all mailboxes", StoreMaintenance.Totals::messages);
            storeGauge("satchel.store.message.size", "bytes", "Sum of message sizes over all mailboxes",
                    StoreMaintenance.Totals::messageBytes);
            storeGauge("satchel.store.blob.size", "bytes", "Message bytes stored (copies share)",
                    StoreMaintenance.Totals::blobBytes);
        }
        Gauge.builder("satchel.store.file.size", this, ServerMetrics::fileBytes).baseUnit("bytes")
                .description("Size of the database files on disk").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private void storeGauge(String name, String unit, String help, java.util.function.ToLongFunction<StoreMaintenance.Totals> f) {
        Gauge.builder(name, this, m -> {
            StoreMaintenance.Totals t = m.totals();
            return t == null ? Double.NaN : f.applyAsLong(t);
        }).baseUnit(unit).description(help).register(registry);
    }

    private StoreMaintenance.Totals totals() {
        long now = System.nanoTime();
        StoreMaintenance.Totals t = totals;
        if (t != null && now - totalsAt < STORE_CACHE.toNanos()) return t;
        try {
            t = ((StoreMaintenance) store).totals();
        } catch (StoreException | RuntimeException e) {
            return null;
        }
        totals = t;
        totalsAt = now;
        return t;
    }

    private double fileBytes() {
        long sum = 0;
        for (String name : new String[] {"satchel.db", "satchel.db-wal", "satchel.db-shm"}) {
            try {
                Path p = dataDir.resolve(name);
                if (Files.exists(p)) sum += Files.size(p);
            } catch (IOException e) {
                // gone between the two calls: count what is there
            }
        }
        return sum;
    }

    void sessionState(State from, State to) {
        if (from != null && from != State.LOGOUT) sessions.get(from).decrementAndGet();
        if (to != null && to != State.LOGOUT) sessions.get(to).incrementAndGet();
    }

    void connection(String result) {
        registry.counter("satchel.connections", "result", result).increment();
    }

    void command(String name, Replies.Status result, long nanos) {
        String r = result == null ? "none" : result.name().toLowerCase(Locale.ROOT);
        Timer.builder("satchel.commands").tag("command", name).tag("result", r)
                .description("IMAP commands by name and result, with latency")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    void login(String mechanism, String result) {
        registry.counter("satchel.logins", "mechanism", mechanism, "result", result).increment();
    }

    void authFailure(String mechanism) {
        Counter.builder("satchel.auth.failures").tag("mechanism", mechanism)
                .description("Failed authentication attempts").register(registry).increment();
        login(mechanism, "failed");
    }

    void bytes(long in, long out) {
        received.increment(in);
        sent.increment(out);
    }

    /** The Prometheus text exposition of every meter. */
    String scrape() {
        return registry.scrape();
    }

    void close() {
        registry.close();
    }
}
