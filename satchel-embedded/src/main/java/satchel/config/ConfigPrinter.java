package satchel.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a {@link ServerConfig} as the {@code key = value} lines {@link ConfigFile} reads, every key with its
 * effective value (defaults included), so the output loads back to the same configuration; settings that are
 * unset (and mean something by that) appear as comments. Paths are written
 * absolute, since a relative one would be resolved against wherever the output is saved. The configuration
 * holds no secrets (the TLS key is a path, passwords live in the store), so nothing is masked.
 */
public final class ConfigPrinter {
    private ConfigPrinter() {}

    public static List<String> lines(ServerConfig c) {
        List<String> out = new ArrayList<>();
        put(out, "data-dir", path(c.dataDir()));
        put(out, "store", c.store().keyword());
        if (c.store() instanceof StoreChoice.Postgresql(String url, String user, Path passwordFile)) {
            put(out, "store.url", url);
            put(out, "store.user", user);
            if (passwordFile != null) put(out, "store.password-file", path(passwordFile));
        }
        put(out, "imap", listener(c.imap()));
        put(out, "imaps", listener(c.imaps()));
        put(out, "metrics", listener(c.metrics()));
        if (c.tls() instanceof Tls.Pem(Path chain, Path key)) {
            put(out, "tls.certificate", path(chain));
            put(out, "tls.private-key", path(key));
        } else {
            out.add("# tls.certificate, tls.private-key: not set, a self-signed certificate in " + path(c.dataDir().resolve("tls")));
        }
        put(out, "tls.reload-interval", duration(c.tlsReloadInterval()));
        put(out, "auth.plaintext-without-tls", Boolean.toString(c.plaintextAuthOnInsecure()));
        AuthThrottle t = c.authThrottle();
        put(out, "auth.failure-delay", duration(t.failureDelay()));
        put(out, "auth.max-failures", Integer.toString(t.maxFailures()));
        put(out, "auth.failure-window", duration(t.window()));
        put(out, "auth.block-time", duration(t.blockTime()));
        put(out, "auth.max-failures-per-address", Integer.toString(t.maxFailuresPerAddress()));
        put(out, "auth.max-failures-per-connection", Integer.toString(t.maxFailuresPerConnection()));
        put(out, "auth.trusted-networks", t.trustedNetworks().isEmpty() ? "none"
                : t.trustedNetworks().stream().map(Cidr::toString).collect(Collectors.joining(",")));
        put(out, "limits.max-connections", Integer.toString(c.maxConnections()));
        put(out, "limits.max-connections-per-ip", Integer.toString(c.maxConnectionsPerIp()));
        put(out, "limits.max-connections-per-user", Integer.toString(c.maxConnectionsPerUser()));
        put(out, "limits.line-bytes", size(c.limits().lineBytes()));
        put(out, "limits.literal-bytes", size(c.limits().literalBytes()));
        put(out, "limits.append-bytes", size(c.limits().appendBytes()));
        put(out, "limits.message-memory-bytes", size(c.limits().messageMemoryBytes()));
        put(out, "limits.mailbox-name-level-bytes", Integer.toString(c.mailboxLimits().levelBytes()));
        put(out, "limits.mailbox-depth", Integer.toString(c.mailboxLimits().depth()));
        put(out, "limits.mailboxes-per-user", Integer.toString(c.mailboxLimits().perUser()));
        put(out, "quota.storage", QuotaValues.storage(c.mailboxLimits().quota().storage()));
        put(out, "quota.messages", QuotaValues.messages(c.mailboxLimits().quota().messages()));
        put(out, "metadata.max-entry-bytes", size(c.metadata().limits().entryBytes()));
        put(out, "metadata.max-entries", Integer.toString(c.metadata().limits().entries()));
        put(out, "metadata.max-total-bytes", size(c.metadata().limits().totalBytes()));
        put(out, "metadata.private", Boolean.toString(c.metadata().privateEntries()));
        if (c.metadata().admin().isPresent()) put(out, "metadata.admin", c.metadata().admin().get());
        else out.add("# metadata.admin: not set, no /shared/admin server annotation");
        put(out, "timeouts.login", duration(c.loginTimeout()));
        put(out, "timeouts.idle", duration(c.idleTimeout()));
        put(out, "timeouts.shutdown", duration(c.shutdownGrace()));
        put(out, "timeouts.write", duration(c.writeTimeout()));
        put(out, "logging.level", c.logging().level());
        if (c.logging().file() != null) put(out, "logging.file", path(c.logging().file()));
        else out.add("# logging.file: not set, the log goes to standard error");
        put(out, "logging.format", c.logging().format().toString());
        put(out, "lmtp", listener(c.lmtp().listen()));
        put(out, "lmtp.domains", c.lmtp().domains().isEmpty() ? "any" : String.join(",", c.lmtp().domains()));
        put(out, "lmtp.allow-non-loopback", Boolean.toString(c.lmtp().allowNonLoopback()));
        put(out, "lmtp.socket-mode", c.lmtp().socketMode());
        if (c.oauth().configured()) {
            put(out, "auth.oauth.issuer", c.oauth().issuer());
            put(out, "auth.oauth.jwks-file", path(c.oauth().jwksFile()));
            if (c.oauth().audience() != null) put(out, "auth.oauth.audience", c.oauth().audience());
            put(out, "auth.oauth.username-claim", c.oauth().usernameClaim() == null ? "email" : c.oauth().usernameClaim());
            if (c.oauth().scope() != null) put(out, "auth.oauth.scope", c.oauth().scope());
        } else {
            out.add("# auth.oauth.issuer: not set, OAUTHBEARER and XOAUTH2 are off");
        }
        // Unset, it follows data-dir; written as a comment so the output keeps that link.
        if (c.traceDir() != null) put(out, "trace.dir", path(c.traceDir()));
        else out.add("# trace.dir = " + path(c.traces()));
        return out;
    }

    private static void put(List<String> out, String key, String value) {
        out.add(key + " = " + value);
    }

    private static String path(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    private static String listener(String hostPort) {
        return hostPort == null ? "off" : hostPort;
    }

    /** The largest exact binary suffix, so 65536 reads 64K. */
    static String size(long n) {
        for (var s : new Object[][] {{30, "G"}, {20, "M"}, {10, "K"}}) {
            long unit = 1L << (int) s[0];
            if (n != 0 && n % unit == 0) return n / unit + (String) s[1];
        }
        return Long.toString(n);
    }

    /** The largest exact unit ConfigFile reads: d, h, m, s or ms. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) return "0s";
        if (ms % 1000 != 0) return ms + "ms";
        long s = ms / 1000;
        if (s % 86_400 == 0) return s / 86_400 + "d";
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }
}
