package satchel.config;

import java.nio.file.Path;
import java.time.Duration;
import satchel.session.SessionConfig;
import satchel.wire.Limits;

/**
 * Immutable server configuration, validated once at start-up (the constructor rejects bad values with an
 * {@link IllegalArgumentException} naming the configuration key). {@code imap}/{@code imaps} are "host:port"
 * (port 0 picks a free one; null or "off" disables the listener). {@code store} is "sqlite" (in dataDir) or
 * "memory". Tests build it from {@link #defaults} with the with-methods; {@link ConfigFile} reads it from a file.
 *
 * @param plaintextAuthOnInsecure allow LOGIN / AUTHENTICATE PLAIN without TLS on non-loopback connections
 * @param idleTimeout autologout after login; RFC 3501 §5.4 requires at least 30 minutes
 */
public record ServerConfig(Path dataDir, String store, String imap, String imaps, int maxConnections,
                           int maxConnectionsPerIp, Tls tls, boolean plaintextAuthOnInsecure, ByteLimits limits,
                           Duration loginTimeout, Duration idleTimeout, AuthThrottle authThrottle) {
    public static final Duration MIN_IDLE_TIMEOUT = Duration.ofMinutes(30);

    public ServerConfig {
        if (dataDir == null) throw new IllegalArgumentException("data-dir must be set");
        if (!"sqlite".equals(store) && !"memory".equals(store)) {
            throw new IllegalArgumentException("store must be sqlite or memory, not \"" + store + "\"");
        }
        imap = listener("imap", imap);
        imaps = listener("imaps", imaps);
        if (maxConnections < 1) throw new IllegalArgumentException("limits.max-connections must be at least 1");
        if (maxConnectionsPerIp < 1) {
            throw new IllegalArgumentException("limits.max-connections-per-ip must be at least 1");
        }
        if (tls == null || limits == null || authThrottle == null) throw new IllegalArgumentException("missing value");
        if (loginTimeout == null || loginTimeout.isNegative() || loginTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts.login must be positive");
        }
        if (idleTimeout == null || idleTimeout.compareTo(MIN_IDLE_TIMEOUT) < 0) {
            throw new IllegalArgumentException("timeouts.idle must be at least 30 minutes (RFC 3501 §5.4)");
        }
    }

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(dataDir, "sqlite", "127.0.0.1:1143", "127.0.0.1:1993", 1000, 100,
                new Tls.SelfSigned(), false, ByteLimits.defaults(), Duration.ofSeconds(60), MIN_IDLE_TIMEOUT,
                AuthThrottle.defaults());
    }

    /** What each session needs; the limits before login stay strict whatever the file says. */
    public SessionConfig toSessionConfig() {
        Limits after = Limits.AFTER_LOGIN;
        Limits configured = new Limits(limits.lineBytes(), limits.literalBytes(), limits.appendBytes(),
                after.listDepth(), after.maxBadCommands());
        return new SessionConfig(plaintextAuthOnInsecure, loginTimeout, idleTimeout, Limits.BEFORE_LOGIN,
                configured);
    }

    public ServerConfig withDataDir(Path dir) {
        return new ServerConfig(dir, store, imap, imaps, maxConnections, maxConnectionsPerIp, tls,
                plaintextAuthOnInsecure, limits, loginTimeout, idleTimeout, authThrottle);
    }

    public ServerConfig withImap(String hostPort) {
        return new ServerConfig(dataDir, store, hostPort, imaps, maxConnections, maxConnectionsPerIp, tls,
                plaintextAuthOnInsecure, limits, loginTimeout, idleTimeout, authThrottle);
    }

    public ServerConfig withImaps(String hostPort) {
        return new ServerConfig(dataDir, store, imap, hostPort, maxConnections, maxConnectionsPerIp, tls,
                plaintextAuthOnInsecure, limits, loginTimeout, idleTimeout, authThrottle);
    }

    public ServerConfig withStore(String kind) {
        return new ServerConfig(dataDir, kind, imap, imaps, maxConnections, maxConnectionsPerIp, tls,
                plaintextAuthOnInsecure, limits, loginTimeout, idleTimeout, authThrottle);
    }

    public ServerConfig withMaxConnections(int n) {
        return new ServerConfig(dataDir, store, imap, imaps, n, maxConnectionsPerIp, tls,
                plaintextAuthOnInsecure, limits, loginTimeout, idleTimeout, authThrottle);
    }

    public ServerConfig withMaxConnectionsPerIp(int n) {
        return new ServerConfig(dataDir, store, imap, imaps, maxConnections, n, tls,
                plaintextAuthOnInsecure, limits, loginTimeout, idleTimeout, authThrottle);
    }

    public ServerConfig withTls(Tls source) {
        return new ServerConfig(dataDir, store, imap, imaps, maxConnections, maxConnectionsPerIp, source,
                plaintextAuthOnInsecure, limits, loginTimeout, idleTimeout, authThrottle);
    }

    public ServerConfig withPlaintextAuthOnInsecure(boolean allow) {
        return new ServerConfig(dataDir, store, imap, imaps, maxConnections, maxConnectionsPerIp, tls,
                allow, limits, loginTimeout, idleTimeout, authThrottle);
    }

    public ServerConfig withLimits(ByteLimits byteLimits) {
        return new ServerConfig(dataDir, store, imap, imaps, maxConnections, maxConnectionsPerIp, tls,
                plaintextAuthOnInsecure, byteLimits, loginTimeout, idleTimeout, authThrottle);
    }

    public ServerConfig withTimeouts(Duration login, Duration idle) {
        return new ServerConfig(dataDir, store, imap, imaps, maxConnections, maxConnectionsPerIp, tls,
                plaintextAuthOnInsecure, limits, login, idle, authThrottle);
    }

    public ServerConfig withAuthThrottle(AuthThrottle throttle) {
        return new ServerConfig(dataDir, store, imap, imaps, maxConnections, maxConnectionsPerIp, tls,
                plaintextAuthOnInsecure, limits, loginTimeout, idleTimeout, throttle);
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
