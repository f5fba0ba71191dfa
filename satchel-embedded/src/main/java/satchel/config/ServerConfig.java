package satchel.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import satchel.session.MetadataPolicy;
import satchel.session.SessionConfig;
import satchel.store.MailboxLimits;
import satchel.wire.Limits;

/**
 * Immutable server configuration, validated once at start-up (the constructor rejects bad values with an
 * {@link IllegalArgumentException} naming the configuration key). {@code imap}/{@code imaps}/{@code metrics} are
 * "host:port" (port 0 picks a free one; null or "off" disables the listener). {@code store} is SQLite (in
 * dataDir), memory or PostgreSQL ({@link StoreChoice}). Tests build it from {@link #defaults} with the with-methods; {@link ConfigFile} reads it
 * from a file. Every key is described in docs/configuration.md.
 *
 * @param plaintextAuthOnInsecure allow LOGIN / AUTHENTICATE PLAIN without TLS on non-loopback connections
 * @param idleTimeout autologout after login; RFC 3501 §5.4 requires at least 30 minutes
 * @param maxConnectionsPerUser logged-in sessions of one user at once; more logins get NO [LIMIT]
 * @param metrics the Prometheus /metrics and /health listener, or null (see {@link #standalone})
 * @param traceDir where protocol traces and their control file live; null means dataDir/traces
 * @param tlsReloadInterval how often the certificate files are checked for changes; zero disables reloading
 * @param shutdownGrace how long shutdown waits for commands in progress before cutting connections
 * @param mailboxLimits bounds on each user's mailbox tree (name levels, depth, count)
 * @param writeTimeout how long a write to a client may make no progress (the peer does not read) before the
 *                     connection is dropped
 * @param lmtp the LMTP listener and its recipient domains ({@link Lmtp#off()} by default)
 * @param oauth the issuer of bearer tokens for OAUTHBEARER / XOAUTH2; {@link OAuth#configured} false when off
 * @param metadata RFC 5464 annotation limits, private entries on or off, the server's /shared/admin
 */
public record ServerConfig(Path dataDir, StoreChoice store, String imap, String imaps, int maxConnections,
                           int maxConnectionsPerIp, Tls tls, boolean plaintextAuthOnInsecure, ByteLimits limits,
                           Duration loginTimeout, Duration idleTimeout, AuthThrottle authThrottle,
                           int maxConnectionsPerUser, String metrics, Logging logging, Path traceDir,
                           Duration tlsReloadInterval, Duration shutdownGrace, MailboxLimits mailboxLimits,
                           Duration writeTimeout, Lmtp lmtp, OAuth oauth, MetadataPolicy metadata) {
    public static final Duration MIN_IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final String DEFAULT_METRICS = "127.0.0.1:9143";

    public ServerConfig {
        if (dataDir == null) throw new IllegalArgumentException("data-dir must be set");
        if (store == null) throw new IllegalArgumentException("store must be set");
        imap = listener("imap", imap);
        imaps = listener("imaps", imaps);
        metrics = listener("metrics", metrics);
        if (maxConnections < 1) throw new IllegalArgumentException("limits.max-connections must be at least 1");
        if (maxConnectionsPerIp < 1) {
            throw new IllegalArgumentException("limits.max-connections-per-ip must be at least 1");
        }
        if (maxConnectionsPerUser < 1) {
            throw new IllegalArgumentException("limits.max-connections-per-user must be at least 1");
        }
        if (oauth == null) oauth = OAuth.NONE;
        if (metadata == null) metadata = MetadataPolicy.DEFAULT;
        if (tls == null || limits == null || authThrottle == null || logging == null || mailboxLimits == null) {
            throw new IllegalArgumentException("missing value");
        }
        if (loginTimeout == null || loginTimeout.isNegative() || loginTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts.login must be positive");
        }
        if (idleTimeout == null || idleTimeout.compareTo(MIN_IDLE_TIMEOUT) < 0) {
            throw new IllegalArgumentException("timeouts.idle must be at least 30 minutes (RFC 3501 §5.4)");
        }
        if (tlsReloadInterval == null || tlsReloadInterval.isNegative()) {
            throw new IllegalArgumentException("tls.reload-interval must not be negative");
        }
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("timeouts.shutdown must not be negative");
        }
        if (writeTimeout == null || writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts.write must be positive");
        }
        if (lmtp == null) throw new IllegalArgumentException("missing value");
    }

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(dataDir, new StoreChoice.Sqlite(), "127.0.0.1:1143", "127.0.0.1:1993", 1000, 100,
                new Tls.SelfSigned(), false, ByteLimits.defaults(), Duration.ofSeconds(60), MIN_IDLE_TIMEOUT,
                AuthThrottle.defaults(), 50, null, Logging.defaults(), null, Duration.ofSeconds(5),
                Duration.ofSeconds(10), MailboxLimits.DEFAULT, Duration.ofSeconds(60), Lmtp.off(), OAuth.NONE,
                MetadataPolicy.DEFAULT);
    }

    /**
     * The defaults of {@code satchel serve} and of configuration files: {@link #defaults} plus the metrics listener
     * on {@value #DEFAULT_METRICS}. (Servers embedded or started by tests keep metrics off, so several can run.)
     */
    public static ServerConfig standalone(Path dataDir) {
        return defaults(dataDir).withMetrics(DEFAULT_METRICS);
    }

    /**
     * What each session needs; the limits before login stay strict whatever the file says. APPEND messages stay in
     * memory until the caller adds a spool ({@link SessionConfig#withSpool}, see {@link #spool}); each call makes
     * a new message-memory budget, so call it once per server.
     */
    public SessionConfig toSessionConfig() {
        Limits after = Limits.AFTER_LOGIN;
        Limits configured = new Limits(limits.lineBytes(), limits.literalBytes(), limits.appendBytes(),
                after.listDepth(), after.maxBadCommands());
        return new SessionConfig(plaintextAuthOnInsecure, loginTimeout, idleTimeout, Limits.BEFORE_LOGIN,
                configured, satchel.wire.LiteralSpool.inMemory(),
                new satchel.session.MessageMemory(limits.messageMemoryBytes()), metadata);
    }

    /** Where APPEND messages are spooled while they arrive, one directory per process inside. */
    public Path spool() {
        return dataDir.resolve("spool");
    }

    /** The directory of protocol traces and their control file. */
    public Path traces() {
        return traceDir != null ? traceDir : dataDir.resolve("traces");
    }

    public ServerConfig withDataDir(Path dir) { return with(b -> b.dataDir = dir); }

    public ServerConfig withImap(String hostPort) { return with(b -> b.imap = hostPort); }

    public ServerConfig withImaps(String hostPort) { return with(b -> b.imaps = hostPort); }

    /** {@code sqlite} or {@code memory}. */
    public ServerConfig withStore(String kind) { return withStore(StoreChoice.of(kind)); }

    public ServerConfig withStore(StoreChoice choice) { return with(b -> b.store = choice); }

    public ServerConfig withMaxConnections(int n) { return with(b -> b.maxConnections = n); }

    public ServerConfig withMaxConnectionsPerIp(int n) { return with(b -> b.maxConnectionsPerIp = n); }

    public ServerConfig withMaxConnectionsPerUser(int n) { return with(b -> b.maxConnectionsPerUser = n); }

    public ServerConfig withTls(Tls source) { return with(b -> b.tls = source); }

    public ServerConfig withPlaintextAuthOnInsecure(boolean allow) { return with(b -> b.plaintext = allow); }

    public ServerConfig withLimits(ByteLimits byteLimits) { return with(b -> b.limits = byteLimits); }

    public ServerConfig withTimeouts(Duration login, Duration idle) {
        return with(b -> {
            b.loginTimeout = login;
            b.idleTimeout = idle;
        });
    }

    public ServerConfig withAuthThrottle(AuthThrottle throttle) { return with(b -> b.authThrottle = throttle); }

    public ServerConfig withMetrics(String hostPort) { return with(b -> b.metrics = hostPort); }

    public ServerConfig withLogging(Logging l) { return with(b -> b.logging = l); }

    public ServerConfig withTraceDir(Path dir) { return with(b -> b.traceDir = dir); }

    public ServerConfig withTlsReloadInterval(Duration d) { return with(b -> b.tlsReloadInterval = d); }

    public ServerConfig withShutdownGrace(Duration d) { return with(b -> b.shutdownGrace = d); }

    public ServerConfig withMailboxLimits(MailboxLimits l) { return with(b -> b.mailboxLimits = l); }

    public ServerConfig withWriteTimeout(Duration d) { return with(b -> b.writeTimeout = d); }

    public ServerConfig withLmtp(Lmtp l) { return with(b -> b.lmtp = l); }
    public ServerConfig withOAuth(OAuth o) { return with(b -> b.oauth = o); }

    public ServerConfig withMetadata(MetadataPolicy m) { return with(b -> b.metadata = m); }

    private ServerConfig with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return new ServerConfig(b.dataDir, b.store, b.imap, b.imaps, b.maxConnections, b.maxConnectionsPerIp, b.tls,
                b.plaintext, b.limits, b.loginTimeout, b.idleTimeout, b.authThrottle, b.maxConnectionsPerUser,
                b.metrics, b.logging, b.traceDir, b.tlsReloadInterval, b.shutdownGrace, b.mailboxLimits,
                b.writeTimeout, b.lmtp, b.oauth, b.metadata);
    }

    /** Mutable copy for the with-methods only; the record constructor validates the result. */
    private static final class Builder {
        Path dataDir;
        StoreChoice store;
        String imap;
        String imaps;
        int maxConnections;
        int maxConnectionsPerIp;
        Tls tls;
        boolean plaintext;
        ByteLimits limits;
        Duration loginTimeout;
        Duration idleTimeout;
        AuthThrottle authThrottle;
        int maxConnectionsPerUser;
        String metrics;
        Logging logging;
        Path traceDir;
        Duration tlsReloadInterval;
        Duration shutdownGrace;
        MailboxLimits mailboxLimits;
        Duration writeTimeout;
        Lmtp lmtp;
        OAuth oauth;
        MetadataPolicy metadata;

        Builder(ServerConfig c) {
            dataDir = c.dataDir;
            store = c.store;
            imap = c.imap;
            imaps = c.imaps;
            maxConnections = c.maxConnections;
            maxConnectionsPerIp = c.maxConnectionsPerIp;
            tls = c.tls;
            plaintext = c.plaintextAuthOnInsecure;
            limits = c.limits;
            loginTimeout = c.loginTimeout;
            idleTimeout = c.idleTimeout;
            authThrottle = c.authThrottle;
            maxConnectionsPerUser = c.maxConnectionsPerUser;
            metrics = c.metrics;
            logging = c.logging;
            traceDir = c.traceDir;
            tlsReloadInterval = c.tlsReloadInterval;
            shutdownGrace = c.shutdownGrace;
            mailboxLimits = c.mailboxLimits;
            writeTimeout = c.writeTimeout;
            lmtp = c.lmtp;
            oauth = c.oauth;
            metadata = c.metadata;
        }
    }

    private static String listener(String key, String value) {
        if (value == null || value.equals("off")) return null;
        try {
            HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
        return value;
    }
}
