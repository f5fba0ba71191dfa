package satchel.config;

import java.nio.file.Path;

/**
 * Immutable server configuration, validated once at start-up. {@code imap}/{@code imaps} are "host:port"
 * (port 0 picks a free one; imaps null disables it). {@code store} is "sqlite" (in dataDir) or "memory".
 * The server helper extends this record; tests build it from {@link #defaults} with the with-methods.
 */
public record ServerConfig(Path dataDir, String store, String imap, String imaps, int maxConnections,
                           int maxConnectionsPerIp) {
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(dataDir, "sqlite", "127.0.0.1:1143", "127.0.0.1:1993", 1000, 100);
    }

    public ServerConfig withImap(String hostPort) {
        return new ServerConfig(dataDir, store, hostPort, imaps, maxConnections, maxConnectionsPerIp);
    }

    public ServerConfig withImaps(String hostPort) {
        return new ServerConfig(dataDir, store, imap, hostPort, maxConnections, maxConnectionsPerIp);
    }

    public ServerConfig withStore(String kind) {
        return new ServerConfig(dataDir, kind, imap, imaps, maxConnections, maxConnectionsPerIp);
    }

    public ServerConfig withMaxConnections(int n) {
        return new ServerConfig(dataDir, store, imap, imaps, n, maxConnectionsPerIp);
    }
}
