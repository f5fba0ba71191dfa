package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.config.ConfigFile;
import satchel.config.ServerConfig;
import satchel.server.StdioTransport;

/** {@code satchel config check}: OK, the start-up error for a bad file, and --print output that loads back equal. */
class ConfigCommandTest {
    @TempDir Path dir;

    private final Cli cli = new Cli();

    private int run(String... args) {
        return cli.run(args);
    }

    private String out() {
        return cli.out();
    }

    private String err() {
        return cli.err();
    }

    @Test void goodFileIsOk() throws Exception {
        Path file = Files.writeString(dir.resolve("satchel.conf"), "imap = 127.0.0.1:1143\n");
        assertThat(run("config", "check", "--config", file.toString())).isZero();
        assertThat(out()).isEqualTo("configuration OK: " + file + "\n");
        assertThat(err()).isEmpty();
    }

    @Test void badFileGivesTheStartUpReason() throws Exception {
        Path file = Files.writeString(dir.resolve("satchel.conf"), "# comment\nlimits.max-connections = 0\n");
        assertThat(run("config", "check", "--config", file.toString())).isEqualTo(1);
        assertThat(err()).isEqualTo("satchel: " + file + ":2: limits.max-connections must be at least 1\n");
        assertThat(out()).isEmpty();
        // serve fails on the same file with the same line
        assertThat(run("serve", "--config", file.toString(), "--metrics", "off")).isEqualTo(1);
        assertThat(err()).isEqualTo("satchel: " + file + ":2: limits.max-connections must be at least 1\n");
    }

    @Test void missingFileFails() {
        assertThat(run("config", "check", "--config", dir.resolve("nope.conf").toString())).isEqualTo(1);
        assertThat(err()).startsWith("satchel: " + dir.resolve("nope.conf") + ": cannot read");
    }

    @Test void printedConfigurationLoadsBackEqual() throws Exception {
        Path file = Files.writeString(dir.resolve("satchel.conf"), """
                data-dir = mail
                imaps = off
                tls.certificate = cert.pem
                tls.private-key = key.pem
                tls.reload-interval = 0s
                auth.failure-delay = 1500ms
                auth.trusted-networks = 10.0.0.0/8,::1/128
                limits.literal-bytes = 12345
                limits.append-bytes = 64M
                timeouts.idle = 2h
                logging.level = debug
                logging.file = log/satchel.log
                trace.dir = traces
                """);
        assertThat(run("config", "check", "--print", "--config", file.toString())).isZero();
        String printed = out();
        assertThat(printed).startsWith("# configuration OK: " + file + "\n")
                .contains("imaps = off\n", "auth.failure-delay = 1500ms\n", "limits.literal-bytes = 12345\n",
                        "limits.append-bytes = 64M\n", "timeouts.idle = 2h\n", "tls.reload-interval = 0s\n",
                        "limits.max-connections = 1000\n"); // a default, not in the file
        // every key the printer writes is one ConfigFile knows, each once; no blank or odd lines
        assertThat(printed.lines().filter(l -> !l.startsWith("#")).allMatch(l -> l.matches("[a-z.-]+ = \\S.*")))
                .isTrue();

        Path elsewhere = Files.createDirectories(dir.resolve("other"));
        Path copy = Files.writeString(elsewhere.resolve("printed.conf"), printed);
        ServerConfig original = ConfigFile.load(file, Path.of("data"));
        ServerConfig reloaded = ConfigFile.load(copy, Path.of("data"));
        assertThat(reloaded).isEqualTo(original);
        assertThat(reloaded.authThrottle().failureDelay()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test void defaultsPrintAndLoadBack() throws Exception {
        assertThat(run("config", "check")).isZero();
        assertThat(out()).isEqualTo("configuration OK: built-in defaults (no --config)\n");
        assertThat(run("config", "check", "--print")).isZero();
        String printed = out();
        assertThat(printed).contains("metrics = " + ServerConfig.DEFAULT_METRICS + "\n", "# logging.file: not set");
        Path copy = Files.writeString(dir.resolve("printed.conf"), printed);
        // data-dir is printed absolute; the rest is the defaults exactly
        assertThat(ConfigFile.load(copy, Path.of("data")))
                .isEqualTo(ServerConfig.standalone(Path.of("data").toAbsolutePath()));
        assertThat(run("config", "check", "--print", "--config", copy.toString())).isZero();
        assertThat(out().lines().skip(1).toList()).isEqualTo(printed.lines().skip(1).toList());
    }

    /** The documented example sets every key: each must come out of --print, or the printer missed a new key. */
    @Test void printCoversEveryDocumentedKey() throws Exception {
        String doc = Files.readString(Path.of("../docs/configuration.md"));
        String example = doc.substring(doc.indexOf("```\n") + 4, doc.lastIndexOf("```"));
        Path file = Files.writeString(dir.resolve("example.conf"), example);
        assertThat(run("config", "check", "--print", "--config", file.toString())).isZero();
        String printed = out();
        java.util.List<String> keys = example.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.substring(0, l.indexOf('=')).strip()).toList();
        assertThat(keys).isNotEmpty().allSatisfy(k -> assertThat(printed).contains("\n" + k + " = "));
        Path copy = Files.writeString(dir.resolve("printed.conf"), printed);
        assertThat(ConfigFile.load(copy, Path.of("data"))).isEqualTo(ConfigFile.load(file, Path.of("data")));
    }
}
