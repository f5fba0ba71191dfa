package satchel.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import satchel.store.MailboxLimits;
import satchel.store.MetadataLimits;

/**
 * Reads a configuration file of {@code key = value} lines; blank lines and lines starting with {@code #}
 * are ignored. Unknown keys, repeated keys and bad values are rejected with the line number. Relative paths
 * are resolved against the file's directory. Every key is described in docs/configuration.md.
 */
public final class ConfigFile {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(?:([KMG])(?:i?B)?|B)?", Pattern.CASE_INSENSITIVE);

    private record Key(String name, BiFunction<Context, String, ServerConfig> apply) {}

    private record Context(ServerConfig config, Path baseDir) {}

    private static final List<Key> KEYS = List.of(
            new Key("data-dir", (c, v) -> c.config.withDataDir(c.baseDir.resolve(v))),
            new Key("store", (c, v) -> v.equals("postgresql") ? c.config : c.config.withStore(v)), // see store()
            new Key("store.url", (c, v) -> c.config), // applied with store = postgresql, see store()
            new Key("store.user", (c, v) -> c.config),
            new Key("store.password-file", (c, v) -> c.config),
            new Key("imap", (c, v) -> c.config.withImap(v)),
            new Key("imaps", (c, v) -> c.config.withImaps(v)),
            new Key("tls.certificate", (c, v) -> c.config), // applied with tls.private-key, see tls()
            new Key("tls.private-key", (c, v) -> c.config),
            new Key("auth.plaintext-without-tls", (c, v) -> c.config.withPlaintextAuthOnInsecure(bool(v))),
            new Key("auth.failure-delay", (c, v) -> c.config.withAuthThrottle(throttle(c, duration(v), -1, null, null))),
            new Key("auth.max-failures", (c, v) -> c.config.withAuthThrottle(throttle(c, null, count(v), null, null))),
            new Key("auth.failure-window", (c, v) -> c.config.withAuthThrottle(throttle(c, null, -1, duration(v), null))),
            new Key("auth.block-time", (c, v) -> c.config.withAuthThrottle(throttle(c, null, -1, null, duration(v)))),
            new Key("auth.max-failures-per-address",
                    (c, v) -> c.config.withAuthThrottle(c.config.authThrottle().withMaxFailuresPerAddress(count(v)))),
            new Key("auth.max-failures-per-connection",
                    (c, v) -> c.config.withAuthThrottle(c.config.authThrottle().withMaxFailuresPerConnection(count(v)))),
            new Key("auth.trusted-networks",
                    (c, v) -> c.config.withAuthThrottle(c.config.authThrottle().withTrustedNetworks(networks(v)))),
            new Key("limits.max-connections", (c, v) -> c.config.withMaxConnections(count(v))),
            new Key("limits.max-connections-per-ip", (c, v) -> c.config.withMaxConnectionsPerIp(count(v))),
            new Key("limits.max-connections-per-user", (c, v) -> c.config.withMaxConnectionsPerUser(count(v))),
            new Key("limits.line-bytes", (c, v) -> c.config.withLimits(c.config.limits().withLineBytes(
                    Math.toIntExact(Math.min(size(v), Integer.MAX_VALUE))))),
            new Key("limits.literal-bytes", (c, v) -> c.config.withLimits(c.config.limits().withLiteralBytes(size(v)))),
            new Key("limits.append-bytes", (c, v) -> c.config.withLimits(c.config.limits().withAppendBytes(size(v)))),
            new Key("limits.message-memory-bytes", (c, v) -> c.config.withLimits(
                    c.config.limits().withMessageMemoryBytes(size(v)))),
            new Key("timeouts.login", (c, v) -> c.config.withTimeouts(duration(v), c.config.idleTimeout())),
            new Key("timeouts.idle", (c, v) -> c.config.withTimeouts(c.config.loginTimeout(), duration(v))),
            new Key("timeouts.shutdown", (c, v) -> c.config.withShutdownGrace(duration(v))),
            new Key("timeouts.write", (c, v) -> c.config.withWriteTimeout(duration(v))),
            new Key("tls.reload-interval", (c, v) -> c.config.withTlsReloadInterval(duration(v))),
            new Key("metrics", (c, v) -> c.config.withMetrics(v)),
            new Key("logging.level", (c, v) -> c.config.withLogging(new Logging(v.toLowerCase(java.util.Locale.ROOT),
                    c.config.logging().file(), c.config.logging().format()))),
            new Key("logging.file", (c, v) -> c.config.withLogging(new Logging(c.config.logging().level(),
                    c.baseDir.resolve(v), c.config.logging().format()))),
            new Key("logging.format", (c, v) -> c.config.withLogging(
                    c.config.logging().withFormat(Logging.Format.parse(v)))),
            new Key("trace.dir", (c, v) -> c.config.withTraceDir(c.baseDir.resolve(v))),
            new Key("limits.mailbox-name-level-bytes", (c, v) -> c.config.withMailboxLimits(
                    c.config.mailboxLimits().withLevelBytes(count(v)))),
            new Key("limits.mailbox-depth", (c, v) -> c.config.withMailboxLimits(
                    c.config.mailboxLimits().withDepth(count(v)))),
            new Key("limits.mailboxes-per-user", (c, v) -> c.config.withMailboxLimits(
                    c.config.mailboxLimits().withPerUser(count(v)))),
            new Key("quota.storage", (c, v) -> c.config.withMailboxLimits(c.config.mailboxLimits().withQuota(
                    c.config.mailboxLimits().quota().withStorage(QuotaValues.storage(v))))),
            new Key("quota.messages", (c, v) -> c.config.withMailboxLimits(c.config.mailboxLimits().withQuota(
                    c.config.mailboxLimits().quota().withMessages(QuotaValues.messages(v))))),
            new Key("lmtp", (c, v) -> c.config.withLmtp(c.config.lmtp().withListen(
                    Lmtp.isSocketPath(v) ? c.baseDir.resolve(v).toString() : v))),
            new Key("lmtp.domains", (c, v) -> c.config.withLmtp(c.config.lmtp().withDomains(
                    v.equals("any") ? List.of() : List.of(v.split(",", -1))))),
            new Key("lmtp.allow-non-loopback", (c, v) -> c.config.withLmtp(c.config.lmtp().withAllowNonLoopback(bool(v)))),
            new Key("lmtp.socket-mode", (c, v) -> c.config.withLmtp(c.config.lmtp().withSocketMode(v))),
            new Key("auth.oauth.issuer", (c, v) -> c.config.withOAuth(c.config.oauth().withIssuer(v))),
            new Key("auth.oauth.jwks-file", (c, v) -> c.config.withOAuth(c.config.oauth().withJwksFile(c.baseDir.resolve(v)))),
            new Key("auth.oauth.audience", (c, v) -> c.config.withOAuth(c.config.oauth().withAudience(v))),
            new Key("auth.oauth.username-claim", (c, v) -> c.config.withOAuth(c.config.oauth().withUsernameClaim(v))),
            new Key("auth.oauth.scope", (c, v) -> c.config.withOAuth(c.config.oauth().withScope(v))),
            new Key("metadata.max-entry-bytes", (c, v) -> c.config.withMetadata(metadata(c, new MetadataLimits(
                    Math.toIntExact(Math.min(size(v), Integer.MAX_VALUE)), c.config.metadata().limits().entries(),
                    Math.max(size(v), c.config.metadata().limits().totalBytes()))))),
            new Key("metadata.max-entries", (c, v) -> c.config.withMetadata(metadata(c, new MetadataLimits(
                    c.config.metadata().limits().entryBytes(), count(v), c.config.metadata().limits().totalBytes())))),
            new Key("metadata.max-total-bytes", (c, v) -> c.config.withMetadata(metadata(c, new MetadataLimits(
                    c.config.metadata().limits().entryBytes(), c.config.metadata().limits().entries(), size(v))))),
            new Key("metadata.private", (c, v) -> c.config.withMetadata(new satchel.session.MetadataPolicy(
                    c.config.metadata().limits(), bool(v), c.config.metadata().admin()))),
            new Key("metadata.admin", (c, v) -> c.config.withMetadata(new satchel.session.MetadataPolicy(
                    c.config.metadata().limits(), c.config.metadata().privateEntries(), java.util.Optional.of(v)))));

    private static satchel.session.MetadataPolicy metadata(Context c, MetadataLimits limits) {
        return new satchel.session.MetadataPolicy(limits, c.config.metadata().privateEntries(), c.config.metadata().admin());
    }

    private ConfigFile() {}

    /** Reads {@code file} on top of {@link ServerConfig#standalone(Path) standalone(defaultDataDir)}. */
    public static ServerConfig load(Path file, Path defaultDataDir) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(file.toString(), lines, ServerConfig.standalone(defaultDataDir), base);
    }

    /**
     * Settings given in code rather than in a file ({@code Satchel.builder().config(key, value)}), applied on top of
     * {@code start} with the same keys, values, checks and messages as a file; {@code source} names them in errors
     * and relative paths resolve against {@code baseDir}. A value may not contain a line break.
     */
    public static ServerConfig apply(String source, Map<String, String> settings, ServerConfig start, Path baseDir)
            throws ConfigException {
        List<String> lines = new java.util.ArrayList<>();
        for (var e : settings.entrySet()) {
            if (e.getValue().indexOf('\n') >= 0 || e.getValue().indexOf('\r') >= 0) {
                throw new ConfigException(source + ": " + e.getKey() + ": a value cannot contain a line break");
            }
            lines.add(e.getKey() + " = " + e.getValue());
        }
        return parse(source, lines, start, baseDir);
    }

    static ServerConfig parse(String name, List<String> lines, ServerConfig start, Path baseDir)
            throws ConfigException {
        Map<String, Integer> seen = new HashMap<>();
        Map<String, String> tlsValues = new HashMap<>();
        Map<String, String> storeValues = new HashMap<>();
        ServerConfig config = start;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq < 0) throw new ConfigException(name + ":" + number + ": expected key = value");
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            Key known = KEYS.stream().filter(k -> k.name.equals(key)).findFirst()
                    .orElseThrow(() -> new ConfigException(name + ":" + number + ": unknown key \"" + key + "\""
                            + nearest(key).map(k -> "; did you mean \"" + k + "\"?").orElse("")));
            if (seen.putIfAbsent(key, number) != null) {
                throw new ConfigException(name + ":" + number + ": " + key + " already set on line " + seen.get(key));
            }
            if (value.isEmpty()) throw new ConfigException(name + ":" + number + ": " + key + ": missing value");
            if (key.equals("tls.certificate") || key.equals("tls.private-key")) tlsValues.put(key, value);
            if (key.startsWith("store")) storeValues.put(key, value);
            try {
                config = known.apply.apply(new Context(config, baseDir), value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name + ":" + number + ": " + withKey(key, e.getMessage()));
            }
        }
        OAuth oauth = config.oauth();
        if ((oauth.issuer() == null) != (oauth.jwksFile() == null)) {
            String present = oauth.issuer() != null ? "auth.oauth.issuer" : "auth.oauth.jwks-file";
            String missing = oauth.issuer() != null ? "auth.oauth.jwks-file" : "auth.oauth.issuer";
            throw new ConfigException(name + ":" + seen.get(present) + ": " + present + " needs " + missing + " too");
        }
        return store(name, tls(name, config, tlsValues, seen, baseDir), storeValues, seen, baseDir);
    }

    /** {@code store = postgresql} with its {@code store.*} settings, in whatever order the lines came. */
    private static ServerConfig store(String name, ServerConfig config, Map<String, String> values,
                                      Map<String, Integer> lines, Path baseDir) throws ConfigException {
        boolean postgresql = "postgresql".equals(values.get("store"));
        for (String key : List.of("store.url", "store.user", "store.password-file")) {
            if (values.containsKey(key) && !postgresql) {
                throw new ConfigException(name + ":" + lines.get(key) + ": " + key + " needs store = postgresql");
            }
        }
        if (!postgresql) return config;
        String file = values.get("store.password-file");
        try {
            return config.withStore(new StoreChoice.Postgresql(values.get("store.url"), values.get("store.user"),
                    file == null ? null : baseDir.resolve(file)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ":" + lines.get("store") + ": " + e.getMessage());
        }
    }

    private static ServerConfig tls(String name, ServerConfig config, Map<String, String> values,
                                    Map<String, Integer> lines, Path baseDir) throws ConfigException {
        if (values.isEmpty()) return config;
        String cert = values.get("tls.certificate");
        String key = values.get("tls.private-key");
        if (cert == null || key == null) {
            String present = cert == null ? "tls.private-key" : "tls.certificate";
            String missing = cert == null ? "tls.certificate" : "tls.private-key";
            throw new ConfigException(name + ":" + lines.get(present) + ": " + present + " needs " + missing + " too");
        }
        return config.withTls(new Tls.Pem(baseDir.resolve(cert), baseDir.resolve(key)));
    }

    private static String withKey(String key, String message) {
        return message != null && message.startsWith(key) ? message : key + ": " + message;
    }

    private static AuthThrottle throttle(Context c, Duration delay, int max, Duration window, Duration block) {
        AuthThrottle t = c.config.authThrottle();
        return new AuthThrottle(delay != null ? delay : t.failureDelay(), max >= 0 ? max : t.maxFailures(),
                window != null ? window : t.window(), block != null ? block : t.blockTime(),
                t.maxFailuresPerAddress(), t.maxFailuresPerConnection(), t.trustedNetworks());
    }

    /** A comma-separated list of CIDR networks, or {@code none}. */
    static List<Cidr> networks(String v) {
        if (v.equals("none")) return List.of();
        return java.util.Arrays.stream(v.split(",", -1)).map(Cidr::parse).toList();
    }

    static boolean bool(String v) {
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got \"" + v + "\"");
        };
    }

    static int count(String v) {
        if (!v.matches("\\d{1,9}")) throw new IllegalArgumentException("expected a whole number, got \"" + v + "\"");
        return Integer.parseInt(v);
    }

    /**
     * The known key closest to a mistyped one by edit distance (ignoring case), if it is close enough to be a
     * typo: at most a quarter of the key's length, and never more than 3 edits, so "colour" guesses nothing.
     */
    static java.util.Optional<String> nearest(String key) {
        String typed = key.toLowerCase(java.util.Locale.ROOT);
        int allowed = Math.min(3, Math.max(1, typed.length() / 4));
        String best = null;
        int bestDistance = allowed + 1;
        for (Key k : KEYS) {
            int d = editDistance(typed, k.name);
            if (d < bestDistance) {
                best = k.name;
                bestDistance = d;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    /** Levenshtein distance: insertions, deletions and substitutions, one row at a time. */
    static int editDistance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) row[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1),
                        diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }

    /**
     * A byte count with an optional binary multiple K, M or G (1024, 1024², 1024³), which may be followed by
     * B or iB; a bare B means bytes. Case does not matter: 64M, 64MB, 64mb and 64MiB are all 64 × 2²⁰.
     */
    static long size(String v) {
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) throw new IllegalArgumentException("expected a size like 65536, 64K or 64M, got \"" + v + "\"");
        int shift = m.group(2) == null ? 0 : switch (m.group(2).toUpperCase(java.util.Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            default -> 30;
        };
        long n = Long.parseLong(m.group(1));
        if (n > (Long.MAX_VALUE >> 31)) throw new IllegalArgumentException("size too large: " + v);
        return n << shift;
    }

    /** A duration with a unit: ms, s, m, h or d (e.g. 60s, 30m). */
    static Duration duration(String v) {
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) throw new IllegalArgumentException("expected a duration like 60s, 30m or 1h, got \"" + v + "\"");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
