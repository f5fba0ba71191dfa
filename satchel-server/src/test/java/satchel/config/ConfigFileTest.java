package satchel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import satchel.wire.Limits;

class ConfigFileTest {
    @TempDir Path dir;

    private static final Path BASE = Path.of("/etc/satchel");

    private static ServerConfig parse(String... lines) throws ConfigException {
        return ConfigFile.parse("satchel.conf", List.of(lines), ServerConfig.defaults(Path.of("data")), BASE);
    }

    @Test void emptyFileGivesTheDefaults() throws Exception {
        assertThat(parse("# nothing", "", "   ")).isEqualTo(ServerConfig.defaults(Path.of("data")));
    }

    @Test void everyKey() throws Exception {
        ServerConfig c = parse(
                "data-dir = /var/lib/satchel",
                "store = memory",
                "imap = 0.0.0.0:143",
                "imaps = [::]:993",
                "tls.certificate = /etc/letsencrypt/live/mail/fullchain.pem",
                "tls.private-key = privkey.pem",
                "auth.plaintext-without-tls = true",
                "auth.failure-delay = 500ms",
                "auth.max-failures = 20",
                "auth.failure-window = 10m",
                "auth.block-time = 1h",
                "limits.max-connections = 50",
                "limits.max-connections-per-ip = 5",
                "limits.line-bytes = 16K",
                "limits.literal-bytes = 1M",
                "limits.append-bytes = 1G",
                "timeouts.login = 30s",
                "timeouts.idle = 2h");
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/satchel"));
        assertThat(c.store()).isEqualTo(new StoreChoice.Memory());
        assertThat(c.imap()).isEqualTo("0.0.0.0:143");
        assertThat(c.imaps()).isEqualTo("[::]:993");
        assertThat(c.tls()).isEqualTo(new Tls.Pem(Path.of("/etc/letsencrypt/live/mail/fullchain.pem"),
                BASE.resolve("privkey.pem")));
        assertThat(c.plaintextAuthOnInsecure()).isTrue();
        assertThat(c.authThrottle()).isEqualTo(new AuthThrottle(Duration.ofMillis(500), 20, Duration.ofMinutes(10),
                Duration.ofHours(1)));
        assertThat(c.maxConnections()).isEqualTo(50);
        assertThat(c.maxConnectionsPerIp()).isEqualTo(5);
        assertThat(c.limits()).isEqualTo(new ByteLimits(16 * 1024, 1024 * 1024, 1024L * 1024 * 1024));
        assertThat(c.loginTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofHours(2));
    }

    @Test void writeTimeoutKey() throws Exception {
        assertThat(parse("timeouts.write = 90s").writeTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(parse("# nothing").writeTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test void everyOperationsKey() throws Exception {
        ServerConfig c = parse(
                "limits.max-connections-per-user = 3",
                "timeouts.shutdown = 30s",
                "tls.reload-interval = 1m",
                "metrics = 0.0.0.0:9100",
                "logging.level = debug",
                "logging.file = /var/log/satchel/satchel.log",
                "trace.dir = traces");
        assertThat(c.maxConnectionsPerUser()).isEqualTo(3);
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.tlsReloadInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.metrics()).isEqualTo("0.0.0.0:9100");
        assertThat(c.logging()).isEqualTo(new Logging("debug", Path.of("/var/log/satchel/satchel.log")));
        assertThat(c.traces()).isEqualTo(BASE.resolve("traces"));
        assertThat(c.tls()).isEqualTo(new Tls.SelfSigned()); // tls.reload-interval alone needs no PEM files
    }

    @Test void operationsDefaults() throws Exception {
        ServerConfig d = ServerConfig.defaults(Path.of("data"));
        assertThat(d.maxConnectionsPerUser()).isEqualTo(50);
        assertThat(d.metrics()).isNull(); // embedded servers: no listener unless asked
        assertThat(d.logging()).isEqualTo(new Logging("info", null));
        assertThat(d.traces()).isEqualTo(Path.of("data", "traces"));
        assertThat(d.tlsReloadInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        Path file = Files.writeString(dir.resolve("empty.conf"), "");
        assertThat(ConfigFile.load(file, Path.of("data")).metrics()).isEqualTo("127.0.0.1:9143"); // satchel serve
        assertThat(parse("metrics = off").metrics()).isNull();
        assertThat(parse("tls.reload-interval = 0s").tlsReloadInterval()).isZero();
    }

    /** The example in docs/configuration.md names every key and must stay loadable. */
    @Test void documentedExampleParses() throws Exception {
        String doc = Files.readString(Path.of("../docs/configuration.md"));
        String example = doc.substring(doc.indexOf("```\n") + 4, doc.lastIndexOf("```"));
        ServerConfig c = parse(example.split("\n"));
        assertThat(c.imap()).isEqualTo("0.0.0.0:143");
        assertThat(c.limits()).isEqualTo(ByteLimits.defaults());
        assertThat(c.authThrottle()).isEqualTo(AuthThrottle.defaults());
        long keys = example.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        assertThat(keys).as("every key documented").isEqualTo(40 + 5); // + metadata.*
        assertThat(c.mailboxLimits()).isEqualTo(satchel.store.MailboxLimits.DEFAULT);
        assertThat(c.metrics()).isEqualTo("127.0.0.1:9143");
    }

    @Test void mailboxLimitsAreReadAndChecked() throws Exception {
        ServerConfig c = parse("limits.mailbox-name-level-bytes = 100", "limits.mailbox-depth = 4",
                "limits.mailboxes-per-user = 500");
        assertThat(c.mailboxLimits()).isEqualTo(new satchel.store.MailboxLimits(100, 4, 500));
        assertThatThrownBy(() -> parse("limits.mailboxes-per-user = 3")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("limits.mailboxes-per-user must be at least 6");
    }

    @Test void quotaDefaultsAreReadAndChecked() throws Exception {
        ServerConfig c = parse("quota.storage = 2G", "quota.messages = 50000", "limits.mailbox-depth = 4");
        assertThat(c.mailboxLimits().quota()).isEqualTo(new satchel.store.QuotaLimits(
                new satchel.store.Limit.AtMost(2L << 30), new satchel.store.Limit.AtMost(50_000)));
        assertThat(c.mailboxLimits().depth()).isEqualTo(4); // one key does not reset the others
        assertThat(parse("quota.messages = unlimited").mailboxLimits().quota().messages())
                .isEqualTo(satchel.store.Limit.UNLIMITED);
        assertThatThrownBy(() -> parse("quota.storage = lots")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("quota.storage").hasMessageContaining("expected a size like 500M or 2G");
        assertThatThrownBy(() -> parse("quota.messages = -1")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("quota.messages");
    }

    @Test void metadataKeysAreReadAndChecked() throws Exception {
        ServerConfig c = parse("metadata.max-entry-bytes = 1K", "metadata.max-entries = 10",
                "metadata.max-total-bytes = 4K", "metadata.private = false", "metadata.admin = mailto:root@example.org");
        assertThat(c.metadata().limits()).isEqualTo(new satchel.store.MetadataLimits(1024, 10, 4096));
        assertThat(c.metadata().privateEntries()).isFalse();
        assertThat(c.metadata().admin()).contains("mailto:root@example.org");
        assertThat(c.toSessionConfig().metadata()).isEqualTo(c.metadata());
        assertThatThrownBy(() -> parse("metadata.max-entries = 0")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("metadata.max-entries must be at least 1");
    }

    @Test void contribExampleParses() throws Exception {
        ServerConfig c = ConfigFile.load(Path.of("../contrib/satchel.conf.example"), Path.of("data"));
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/satchel"));
        assertThat(c.logging().file()).isEqualTo(Path.of("/var/log/satchel/satchel.log"));
    }

    @Test void relativePathsAreRelativeToTheFile() throws Exception {
        Path file = dir.resolve("satchel.conf");
        Files.writeString(file, "data-dir = mail\n");
        assertThat(ConfigFile.load(file, Path.of("data")).dataDir()).isEqualTo(dir.toAbsolutePath().resolve("mail"));
    }

    @Test void listenersCanBeTurnedOff() throws Exception {
        ServerConfig c = parse("imap = off", "imaps = off");
        assertThat(c.imap()).isNull();
        assertThat(c.imaps()).isNull();
    }

    @Test void toSessionConfigCarriesLimitsAndTimeouts() throws Exception {
        var s = parse("limits.line-bytes = 2048", "limits.append-bytes = 10M", "auth.plaintext-without-tls = true",
                "timeouts.login = 10s").toSessionConfig();
        assertThat(s.plaintextAuthOnInsecure()).isTrue();
        assertThat(s.loginTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.beforeLogin()).isEqualTo(Limits.BEFORE_LOGIN);
        assertThat(s.afterLogin().lineBytes()).isEqualTo(2048);
        assertThat(s.afterLogin().appendBytes()).isEqualTo(10L << 20);
        assertThat(s.afterLogin().listDepth()).isEqualTo(Limits.AFTER_LOGIN.listDepth());
    }

    @Test void messageMemoryIsOneBudgetPerSessionConfig() throws Exception {
        ServerConfig c = parse("limits.message-memory-bytes = 32M", "limits.line-bytes = 2048");
        assertThat(c.limits().messageMemoryBytes()).isEqualTo(32L << 20); // not reset by a later limits key
        assertThat(c.toSessionConfig().messageMemory().capacity()).isEqualTo(32L << 20);
        assertThat(parse().toSessionConfig().messageMemory().capacity()).isEqualTo(ByteLimits.DEFAULT_MESSAGE_MEMORY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "nonsense line                          | 2: expected key = value",
            "colour = blue                          | 2: unknown key \"colour\"",
            "store =                                | 2: store: missing value",
            "store = postgres                       | 2: store must be sqlite, memory or postgresql",
            "imap = localhost                       | 2: imap: expected host:port",
            "imap = localhost:99999                 | 2: imap: port out of range: 99999",
            "imaps = ::1:993                        | 2: imaps: write IPv6 addresses as [addr]:port",
            "auth.plaintext-without-tls = yes       | 2: auth.plaintext-without-tls: expected true or false",
            "auth.failure-delay = 1                 | 2: auth.failure-delay: expected a duration",
            "auth.max-failures = 0                  | 2: auth.max-failures must be at least 1",
            "auth.max-failures = -3                 | 2: auth.max-failures: expected a whole number",
            "auth.failure-window = 0s               | 2: auth.failure-window must be positive",
            "auth.block-time = soon                 | 2: auth.block-time: expected a duration",
            "limits.max-connections = 0             | 2: limits.max-connections must be at least 1",
            "limits.max-connections-per-ip = many   | 2: limits.max-connections-per-ip: expected a whole number",
            "limits.line-bytes = 100                | 2: limits.line-bytes must be at least 1024",
            "limits.literal-bytes = 64X             | 2: limits.literal-bytes: expected a size",
            "limits.append-bytes = 1.5M             | 2: limits.append-bytes: expected a size",
            "timeouts.login = 0s                    | 2: timeouts.login must be positive",
            "timeouts.idle = 29m                    | 2: timeouts.idle must be at least 30 minutes",
            "tls.certificate = cert.pem             | 2: tls.certificate needs tls.private-key too",
            "tls.private-key = key.pem              | 2: tls.private-key needs tls.certificate too",
            "limits.max-connections-per-user = 0    | 2: limits.max-connections-per-user must be at least 1",
            "limits.max-connections-per-user = x    | 2: limits.max-connections-per-user: expected a whole number",
            "timeouts.shutdown = -1s                | 2: timeouts.shutdown: expected a duration",
            "timeouts.shutdown = 10                 | 2: timeouts.shutdown: expected a duration",
            "timeouts.write = 0s                    | 2: timeouts.write must be positive",
            "timeouts.write = never                 | 2: timeouts.write: expected a duration",
            "tls.reload-interval = often            | 2: tls.reload-interval: expected a duration",
            "metrics = 9143                         | 2: metrics: expected host:port",
            "metrics = localhost:http               | 2: metrics: bad port",
            "logging.level = verbose                | 2: logging.level must be one of error, warn, info, debug, trace",
            "logging.level = LOUD                   | 2: logging.level must be one of",
            "limits.append-bytes = 64iB             | 2: limits.append-bytes: expected a size",
            "limits.append-bytes = 64MM             | 2: limits.append-bytes: expected a size",
            "logging.file =                         | 2: logging.file: missing value",
            "trace.dir =                            | 2: trace.dir: missing value"})
    void badLinesAreRejectedWithTheirLineNumber(String line, String expected) {
        assertThatThrownBy(() -> parse("# a comment first", line))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("satchel.conf:" + expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"INFO, info", "Debug, debug", "warn, warn"})
    void logLevelsIgnoreCase(String given, String level) throws Exception {
        assertThat(parse("logging.level = " + given).logging().level()).isEqualTo(level);
    }

    // One rule: K, M, G are binary multiples, optionally followed by B or iB, in any case.
    @ParameterizedTest(name = "{0}")
    @CsvSource({"64M, 67108864", "64MB, 67108864", "64m, 67108864", "64mb, 67108864", "64MiB, 67108864",
            "64mib, 67108864", "2K, 2048", "2kB, 2048", "1G, 1073741824", "1GiB, 1073741824", "65536, 65536",
            "65536B, 65536", "65536b, 65536"})
    void sizesAcceptTheUsualSpellings(String given, long bytes) throws Exception {
        assertThat(parse("limits.append-bytes = " + given).limits().appendBytes()).isEqualTo(bytes);
    }

    @Test void anUnknownKeyNamesTheNearestKnownOne() {
        assertThatThrownBy(() -> parse("# comment", "", "limits.max-conections = 5"))
                .hasMessage("satchel.conf:3: unknown key \"limits.max-conections\"; did you mean \"limits.max-connections\"?");
        assertThatThrownBy(() -> parse("Logging.Level = info"))
                .hasMessage("satchel.conf:1: unknown key \"Logging.Level\"; did you mean \"logging.level\"?");
        assertThatThrownBy(() -> parse("timeout.idle = 30m"))
                .hasMessageEndingWith("did you mean \"timeouts.idle\"?");
    }

    @Test void anUnknownKeyFarFromEveryKnownOneGetsNoGuess() {
        assertThatThrownBy(() -> parse("colour = blue")).hasMessage("satchel.conf:1: unknown key \"colour\"");
        assertThatThrownBy(() -> parse("x = 1")).hasMessage("satchel.conf:1: unknown key \"x\"");
    }

    @Test void repeatedKeysAreRejected() {
        assertThatThrownBy(() -> parse("store = sqlite", "", "store = memory"))
                .hasMessage("satchel.conf:3: store already set on line 1");
    }

    @Test void unreadableFileIsAConfigError() {
        assertThatThrownBy(() -> ConfigFile.load(dir.resolve("missing.conf"), Path.of("data")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing.conf: cannot read");
    }

    @Test void withMethodsKeepTheOtherFields() {
        ServerConfig c = ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps(null).withStore("memory")
                .withMaxConnections(7);
        assertThat(c.imap()).isEqualTo("127.0.0.1:0");
        assertThat(c.imaps()).isNull();
        assertThat(c.store()).isEqualTo(new StoreChoice.Memory());
        assertThat(c.maxConnections()).isEqualTo(7);
        assertThat(c.maxConnectionsPerIp()).isEqualTo(100);
        assertThat(c.dataDir()).isEqualTo(dir);
    }

    @Test void authThrottleKeys() throws Exception {
        AuthThrottle t = parse("auth.max-failures-per-address = 500", "auth.max-failures-per-connection = 5",
                "auth.trusted-networks = 10.1.2.0/24, 2001:db8::/32 ,192.0.2.1", "auth.max-failures = 7").authThrottle();
        assertThat(t.maxFailures()).isEqualTo(7);
        assertThat(t.maxFailuresPerAddress()).isEqualTo(500);
        assertThat(t.maxFailuresPerConnection()).isEqualTo(5);
        assertThat(t.trustedNetworks()).extracting(Cidr::toString)
                .containsExactly("10.1.2.0/24", "2001:db8:0:0:0:0:0:0/32", "192.0.2.1/32");
        assertThat(parse("auth.trusted-networks = none").authThrottle().trustedNetworks()).isEmpty();
        AuthThrottle d = AuthThrottle.defaults();
        assertThat(d.maxFailuresPerAddress()).isEqualTo(100);
        assertThat(d.maxFailuresPerConnection()).isEqualTo(3);
        assertThat(d.trustedNetworks()).extracting(Cidr::toString).containsExactly("127.0.0.0/8", "0:0:0:0:0:0:0:1/128");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "auth.max-failures-per-address = 0      | 2: auth.max-failures-per-address must be at least 1",
            "auth.max-failures-per-connection = x   | 2: auth.max-failures-per-connection: expected a whole number",
            "auth.trusted-networks = 10.1.2.3/24    | 2: auth.trusted-networks: \"10.1.2.3/24\" has host bits set; the network is 10.1.2.0/24",
            "auth.trusted-networks = 10.0.0.0/33    | 2: auth.trusted-networks: prefix length must be 0 to 32, got 33",
            "auth.trusted-networks = lan            | 2: auth.trusted-networks: expected an IP network like 10.1.2.0/24",
            "auth.trusted-networks = 10.0.0.0/8,,   | 2: auth.trusted-networks: expected an IP network",
            "auth.trusted-networks = ::1/x          | 2: auth.trusted-networks: bad prefix length"})
    void badAuthLinesAreRejected(String line, String expected) {
        assertThatThrownBy(() -> parse("# a comment first", line))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("satchel.conf:" + expected);
    }

    @Test void cidrContainsOnlyItsOwnFamilyAndRange() {
        Cidr lan = Cidr.parse("10.1.2.0/24");
        assertThat(lan.contains(java.net.InetAddress.ofLiteral("10.1.2.255"))).isTrue();
        assertThat(lan.contains(java.net.InetAddress.ofLiteral("10.1.3.0"))).isFalse();
        assertThat(lan.contains(java.net.InetAddress.ofLiteral("::a01:200"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(java.net.InetAddress.ofLiteral("2001:db8::1"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(java.net.InetAddress.ofLiteral("192.0.2.1"))).isTrue();
    }

    @Test void hostPortParsing() {
        assertThat(HostPort.parse("[::1]:143")).isEqualTo(new HostPort("::1", 143));
        assertThat(HostPort.parse("[::1]:143").toString()).isEqualTo("[::1]:143");
        assertThat(HostPort.parse("mail.example.org:0").port()).isZero();
    }
}
