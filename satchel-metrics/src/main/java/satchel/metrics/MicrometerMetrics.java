package satchel.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
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
import java.util.concurrent.atomic.LongAdder;
import satchel.server.Metrics;
import satchel.session.Replies;
import satchel.session.SessionObserver.State;
import satchel.session.Version;
import satchel.store.MailStore;
import satchel.store.StoreException;
import satchel.store.StoreMaintenance;

/**
 * The server's Micrometer meters, scraped in Prometheus format by the server's metrics listener. The only class
 * that knows Micrometer; sessions report through the server's session hooks, and the listeners' sockets count the
 * bytes into the two totals of {@link Metrics.Sources}. Store sizes are computed at scrape time and cached briefly,
 * as counting
 * a big store is not free. Every meter has a description: it is the HELP line an operator reads.
 */
final class MicrometerMetrics implements Metrics {
    private static final Duration STORE_CACHE = Duration.ofSeconds(15);
    /**
     * Command latency buckets: a handful that tell "instant", "fine", "slow" and "stuck" apart. Micrometer's
     * percentile histogram has 69 per command and result, which a server with 30 commands turns into thousands
     * of series.
     */
    static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25),
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(2500), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<State, AtomicInteger> sessions = new EnumMap<>(State.class);
    private final LongAdder received;
    private final LongAdder sent;
    private final MailStore store;
    private final Path dataDir;
    private volatile StoreMaintenance.Totals totals;
    private volatile long totalsAt;

    MicrometerMetrics(Metrics.Sources sources) {
        this.store = sources.store();
        this.dataDir = sources.dataDir();
        this.received = sources.received();
        this.sent = sources.sent();
        var certificate = sources.certificate();
        for (State s : State.values()) {
            if (s == State.LOGOUT) continue;
            AtomicInteger n = new AtomicInteger();
            sessions.put(s, n);
            Gauge.builder("satchel.sessions", n, AtomicInteger::get).tag("state", s.name().toLowerCase(Locale.ROOT))
                    .description("Open IMAP sessions by state").register(registry);
        }
        FunctionCounter.builder("satchel.network.received", received, LongAdder::sum).baseUnit("bytes")
                .description("Bytes read from IMAP clients on the wire (TLS included), counted as they arrive")
                .register(registry);
        FunctionCounter.builder("satchel.network.sent", sent, LongAdder::sum).baseUnit("bytes")
                .description("Bytes written to IMAP clients on the wire (TLS included), counted as they leave")
                .register(registry);
        Gauge.builder("satchel.build.info", () -> 1).tag("version", Version.VERSION)
                .tag("java", Runtime.version().toString())
                .description("Satchel version and the Java runtime it runs on (value always 1)").register(registry);
        Gauge.builder("satchel.tls.certificate.expiry.timestamp", certificate,
                        c -> c.get().getNotAfter().getTime() / 1000.0).baseUnit("seconds").strongReference(true)
                .description("When the TLS certificate new connections get (both listeners) expires, in Unix time")
                .register(registry);
        for (String result : new String[] {"accepted", "refused", "evicted"}) connections(result);
        if (store instanceof StoreMaintenance) {
            storeGauge("satchel.store.users", null, "Users", StoreMaintenance.Totals::users);
            storeGauge("satchel.store.mailboxes", null, "Mailboxes", StoreMaintenance.Totals::mailboxes);
            storeGauge("satchel.store.messages", null, "Messages in all mailboxes", StoreMaintenance.Totals::messages);
            storeGauge("satchel.store.message.size", "bytes", "Sum of message sizes over all mailboxes",
                    StoreMaintenance.Totals::messageBytes);
            storeGauge("satchel.store.blob.size", "bytes", "Message bytes stored (copies share)",
                    StoreMaintenance.Totals::blobBytes);
            Gauge.builder("satchel.search.index.lag", (StoreMaintenance) store, MicrometerMetrics::unindexed)
                    .baseUnit("messages").description("Messages not yet in the full-text index; SEARCH reads them"
                            + " directly meanwhile, so results are complete").register(registry);
        }
        Gauge.builder("satchel.store.file.size", this, MicrometerMetrics::fileBytes).baseUnit("bytes")
                .description("Size of the database files on disk").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    private void storeGauge(String name, String unit, String help, java.util.function.ToLongFunction<StoreMaintenance.Totals> f) {
        Gauge.builder(name, this, m -> {
            StoreMaintenance.Totals t = m.totals();
            return t == null ? Double.NaN : f.applyAsLong(t);
        }).baseUnit(unit).description(help).register(registry);
    }

    private static double unindexed(StoreMaintenance store) {
        try {
            return store.unindexedMessages();
        } catch (StoreException e) {
            return Double.NaN;
        }
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

    @Override public void sessionState(State from, State to) {
        if (from != null && from != State.LOGOUT) sessions.get(from).decrementAndGet();
        if (to != null && to != State.LOGOUT) sessions.get(to).incrementAndGet();
    }

    @Override public void connection(String result) {
        connections(result).increment();
    }

    private Counter connections(String result) {
        return Counter.builder("satchel.connections").tag("result", result)
                .description("Connections accepted, refused (limits, blocked address, shutdown) or evicted (dropped, "
                        + "not logged in, to make room)").register(registry);
    }

    @Override public void command(String name, Replies.Status result, long nanos) {
        String r = result == null ? "none" : result.name().toLowerCase(Locale.ROOT);
        Timer.builder("satchel.commands").tag("command", name).tag("result", r)
                .description("IMAP commands by name and result, with latency")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override public void login(String mechanism, String result) {
        Counter.builder("satchel.logins").tag("mechanism", mechanism).tag("result", result)
                .description("Logins by SASL mechanism (or LOGIN) and result: ok, failed, refused (per-user limit)")
                .register(registry).increment();
    }

    @Override public void authFailure(String mechanism) {
        Counter.builder("satchel.auth.failures").tag("mechanism", mechanism)
                .description("Failed authentication attempts").register(registry).increment();
        login(mechanism, "failed");
    }

    @Override public String scrape(boolean openMetrics) {
        return openMetrics ? registry.scrape(OPENMETRICS) : registry.scrape();
    }

    @Override public void close() {
        registry.close();
    }
}
