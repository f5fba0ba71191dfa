package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.Passwords;
import satchel.auth.Scram;
import satchel.config.ServerConfig;
import satchel.server.StdioTransport;
import satchel.server.Stores;
import satchel.store.MailStore;

class MainTest {
    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stdioOut = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        out.reset();
        err.reset();
        var in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        var io = new Io(in, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                null, () -> new StdioTransport(in, stdioOut));
        return Main.run(io, args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test void version() {
        assertThat(run("", "version")).isZero();
        assertThat(out()).startsWith("satchel ").contains("Java " + Runtime.version().feature());
    }

    @Test void usageErrorsExitWithTwo() {
        assertThat(run("")).isEqualTo(2);
        assertThat(err()).contains("Missing command").contains("Usage: satchel");
        assertThat(run("", "frobnicate")).isEqualTo(2);
        assertThat(run("", "user", "add")).isEqualTo(2);
        assertThat(err()).contains("Missing required parameter: 'NAME'");
        assertThat(run("", "serve", "--max-connections", "lots")).isEqualTo(2);
        assertThat(run("", "imap-stdio")).isEqualTo(2);
        assertThat(err()).contains("--user");
    }

    @Test void failuresExitWithOneAndNoStackTrace() throws IOException {
        Path conf = Files.writeString(dir.resolve("satchel.conf"), "store = sqlite\ntimeouts.idle = 5m\n");
        assertThat(run("", "serve", "--config", conf.toString())).isEqualTo(1);
        assertThat(err()).contains("satchel.conf:2: timeouts.idle must be at least 30 minutes").doesNotContain("Exception");
    }

    @Test void badServeOptionValuesAreUsageErrorsNamingTheOption() {
        String data = dir.toString();
        assertThat(run("", "serve", "--data", data, "--imap", "nowhere")).isEqualTo(2);
        assertThat(err()).contains("--imap").contains("expected host:port").doesNotContain("\tat ");
        assertThat(run("", "serve", "--data", data, "--imaps", "::1:993")).isEqualTo(2);
        assertThat(err()).contains("--imaps");
        assertThat(run("", "serve", "--data", data, "--max-connections", "abc")).isEqualTo(2);
        assertThat(err()).contains("--max-connections").contains("abc");
        assertThat(run("", "serve", "--data", data, "--max-connections", "0")).isEqualTo(2);
        assertThat(err()).contains("--max-connections").contains("at least 1");
        assertThat(run("", "serve", "--data", data, "--metrics", "9143")).isEqualTo(2);
        assertThat(err()).contains("--metrics");
    }

    @Test void serveOptionsOverrideTheFile() throws Exception {
        Path conf = Files.writeString(dir.resolve("satchel.conf"), "imap = 0.0.0.0:143\nlimits.max-connections = 5\n");
        var serve = new ServeCommand(null);
        new picocli.CommandLine(serve).parseArgs("--config", conf.toString(), "--imaps", "off", "--max-connections", "9",
                "--data", "elsewhere");
        ServerConfig c = serve.config();
        assertThat(c.imap()).isEqualTo("0.0.0.0:143");
        assertThat(c.imaps()).isNull();
        assertThat(c.maxConnections()).isEqualTo(9);
        assertThat(c.dataDir()).isEqualTo(Path.of("elsewhere"));
    }

    @Test void userAddListPasswdDel() throws Exception {
        String data = dir.resolve("data").toString();
        assertThat(run("", "init", "--data", data)).isZero();
        assertThat(run("first secret\n", "user", "add", "alice", "--data", data)).isZero();
        assertThat(out()).isEqualTo("Added user alice." + System.lineSeparator());
        assertThat(run("x\n", "user", "add", "bob@example.org", "--data", data)).isZero();
        assertThat(run("", "user", "list", "--data", data)).isZero();
        assertThat(out().lines()).containsExactlyInAnyOrder("alice", "bob@example.org");
        assertThat(run("again\n", "user", "add", "alice", "--data", data)).isEqualTo(1);
        assertThat(err()).startsWith("satchel: ");

        try (MailStore s = Stores.open(ServerConfig.defaults(Path.of(data)))) {
            var alice = s.user("alice").orElseThrow();
            assertThat(Passwords.verify("first secret", alice.passwordHash())).isTrue();
            assertThat(Scram.Keys.parse(alice.scram())).isPresent();
        }

        assertThat(run("second secret\n", "user", "passwd", "alice", "--data", data)).isZero();
        try (MailStore s = Stores.open(ServerConfig.defaults(Path.of(data)))) {
            assertThat(Passwords.verify("second secret", s.user("alice").orElseThrow().passwordHash())).isTrue();
        }
        assertThat(run("", "user", "passwd", "nobody", "--data", data)).isEqualTo(1);
        assertThat(err()).contains("no such user: nobody");

        assertThat(run("", "user", "del", "alice", "--data", data)).isZero();
        assertThat(run("", "user", "list", "--data", data)).isZero();
        assertThat(out().lines()).containsExactly("bob@example.org");
        assertThat(run("", "user", "del", "alice", "--data", data)).isEqualTo(1);
    }

    @Test void userNamesWithSpacesOrControlsAreUsageErrors() {
        String data = dir.resolve("data").toString();
        assertThat(run("pw\n", "user", "add", "bad name", "--data", data)).isEqualTo(2);
        assertThat(err()).contains("invalid user name \"bad name\": it contains the space or separator U+0020")
                .doesNotContain("\tat ");
        assertThat(run("pw\n", "user", "add", "tab\tname", "--data", data)).isEqualTo(2);
        assertThat(err()).contains("control character U+0009");
        assertThat(run("pw\n", "user", "add", "bell\u0007", "--data", data)).isEqualTo(2);
        assertThat(run("pw\n", "user", "add", "nb\u00a0sp", "--data", data)).isEqualTo(2);
        assertThat(run("pw\n", "user", "add", "x".repeat(256), "--data", data)).isEqualTo(2);
        assertThat(run("pw\n", "user", "add", "", "--data", data)).isEqualTo(2);
        assertThat(run("", "user", "list", "--data", data)).isEqualTo(1); // none of them created a store
        assertThat(err()).contains("no store at");
    }

    @Test void userNamesAreAnyUnicodeAndOneUserWhateverTheNormalisation() throws Exception {
        String data = dir.resolve("data").toString();
        assertThat(run("", "init", "--data", data)).isZero();
        String decomposed = "zoe\u0308@例え.jp"; // e + combining diaeresis
        String composed = "zo\u00eb@例え.jp";
        assertThat(run("pw\n", "user", "add", decomposed, "--data", data)).isZero();
        assertThat(out()).isEqualTo("Added user " + composed + "." + System.lineSeparator());
        assertThat(run("pw\n", "user", "add", composed, "--data", data)).isEqualTo(1);
        assertThat(run("", "user", "list", "--data", data)).isZero();
        assertThat(out().lines()).containsExactly(composed);
        assertThat(run("new\n", "user", "passwd", decomposed, "--data", data)).isZero();
        try (MailStore s = Stores.open(ServerConfig.defaults(Path.of(data)))) {
            assertThat(Passwords.verify("new", s.user(composed).orElseThrow().passwordHash())).isTrue();
        }
        assertThat(run("a LOGOUT\r\n", "imap-stdio", "--user", decomposed, "--data", data)).isZero();
        assertThat(run("", "user", "del", decomposed, "--data", data)).isZero();
        assertThat(run("", "user", "list", "--data", data)).isZero();
        assertThat(out()).isEmpty();
    }

    @Test void emptyOrMissingPasswordIsRefused() {
        String data = dir.resolve("data").toString();
        assertThat(run("", "init", "--data", data)).isZero();
        assertThat(run("\n", "user", "add", "carol", "--data", data)).isEqualTo(1);
        assertThat(err()).contains("must not be empty");
        assertThat(run("", "user", "add", "carol", "--data", data)).isEqualTo(1);
        assertThat(err()).contains("no password on standard input");
    }

    @Test void imapStdioRunsAPreauthSession() {
        String data = dir.resolve("data").toString();
        assertThat(run("", "init", "--data", data)).isZero();
        assertThat(run("pw\n", "user", "add", "dave", "--data", data)).isZero();
        assertThat(run("", "imap-stdio", "--user", "nobody", "--data", data)).isEqualTo(1);
        assertThat(stdioOut.toString(StandardCharsets.UTF_8)).isEqualTo("* BYE no such user: nobody\r\n");
        assertThat(err()).contains("no such user: nobody");
        stdioOut.reset();
        assertThat(run("a LOGOUT\r\n", "imap-stdio", "--user", "dave", "--data", data)).isZero();
        assertThat(stdioOut.toString(StandardCharsets.UTF_8)).startsWith("* PREAUTH").contains("a OK");
        assertThat(out()).isEmpty();
    }
}
