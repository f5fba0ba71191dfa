package satchel.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.config.Logging;
import satchel.config.Logging.Format;

/** The server log in process: file, rename and reopen (logrotate), JSON lines, level, and bad files. */
class ServerLogTest {
    private static final Logger log = LoggerFactory.getLogger(ServerLogTest.class);

    @TempDir Path dir;

    @AfterEach void back() throws Exception {
        ServerLog.start(Logging.defaults()); // the other tests in this JVM log to stderr again
    }

    @Test void fileIsReopenedUnderItsNameAfterARename() throws Exception {
        Path file = dir.resolve("satchel.log");
        ServerLog.start(new Logging("info", file));
        log.info("before rotation");
        Files.move(file, dir.resolve("satchel.log.1"));
        log.info("after the move, before the reopen"); // still the open file, as for any daemon
        assertThat(ServerLog.reload(new Logging("info", file))).isEqualTo("log level (info), log file reopened");
        log.info("after the reopen");

        assertThat(Files.readString(dir.resolve("satchel.log.1"))).contains("before rotation", "before the reopen")
                .doesNotContain("after the reopen");
        String now = Files.readString(file);
        assertThat(now).contains("after the reopen").doesNotContain("before");
        assertThat(now).matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) \\[INFO\\] "
                + "ServerLogTest - after the reopen\n");
    }

    @Test void textLinesCarryKeyValuesOnlyWhenThereAreAny() throws Exception {
        Path file = dir.resolve("kv.log");
        ServerLog.start(new Logging("info", file));
        log.info("plain");
        log.atInfo().addKeyValue("user", "alice").log("with a pair");
        var lines = Files.readAllLines(file);
        assertThat(lines.get(0)).endsWith(" [INFO] ServerLogTest - plain");
        assertThat(lines.get(1)).endsWith(" [INFO] ServerLogTest - with a pair user=\"alice\"");
    }

    @Test void jsonLinesAreOneFlatObjectEach() throws Exception {
        Path file = dir.resolve("json.log");
        ServerLog.start(new Logging("info", file, Format.JSON));
        org.slf4j.MDC.put("session", "12");
        try {
            log.atWarn().addKeyValue("user", "zoë").addKeyValue("bytes", 42L).log("odd \"name\"\n{}", "here");
        } finally {
            org.slf4j.MDC.remove("session");
        }
        log.error("failed", new IllegalStateException("boom"));
        var lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\{\"timestamp\":\"\\d{4}-[^\"]+Z\",\"level\":\"WARN\","
                + "\"logger\":\"satchel.logging.ServerLogTest\",\"thread\":\"[^\"]+\","
                + "\"message\":\"odd \\\\\"name\\\\\"\\\\nhere\",\"session\":\"12\",\"user\":\"zoë\",\"bytes\":42}");
        assertThat(lines.get(1)).contains("\"level\":\"ERROR\"", "\"message\":\"failed\"",
                "\"exception\":\"java.lang.IllegalStateException: boom\\n\\tat satchel.logging.ServerLogTest");
    }

    @Test void reloadChangesLevelFormatAndFile() throws Exception {
        Path first = dir.resolve("a.log");
        Path second = dir.resolve("b.log");
        ServerLog.start(new Logging("warn", first));
        log.info("hidden at warn");
        assertThat(ServerLog.reload(new Logging("debug", second, Format.JSON)))
                .isEqualTo("log level (debug), log now to " + second + ", log format (json)");
        log.debug("shown at debug");
        assertThat(first).isEmptyFile();
        assertThat(Files.readString(second)).startsWith("{").contains("\"message\":\"shown at debug\"");
    }

    @Test void aFileThatCannotBeWrittenIsNamedWithItsReason() throws Exception {
        Path missing = dir.resolve("no/such/dir/satchel.log");
        assertThatThrownBy(() -> ServerLog.start(new Logging("info", missing))).isInstanceOf(LogFileException.class)
                .hasMessage("logging.file " + missing + ": no such directory " + missing.getParent());
        assertThat(dir.resolve("no")).doesNotExist();
        assertThatThrownBy(() -> ServerLog.start(new Logging("info", dir))).isInstanceOf(LogFileException.class)
                .hasMessage("logging.file " + dir + ": is a directory");
        Path notDir = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> ServerLog.start(new Logging("info", notDir.resolve("satchel.log"))))
                .hasMessage("logging.file " + notDir.resolve("satchel.log") + ": " + notDir + " is not a directory");
    }

    @Test void anAppenderStoppedByAWriteErrorIsRestartedByAReload() throws Exception {
        Path file = dir.resolve("satchel.log");
        ServerLog.start(new Logging("info", file));
        var root = ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.getAppender("satchel").stop(); // what Logback does after an IOException (disk full)
        log.info("lost");
        assertThat(ServerLog.reload(new Logging("info", file))).isEqualTo("log level (info), log file reopened");
        log.info("back");
        assertThat(Files.readString(file)).contains("back").doesNotContain("lost");
    }

    @Test void onStandardErrorAReloadSetsTheLevel() throws Exception {
        ServerLog.start(Logging.defaults());
        assertThat(ServerLog.reload(new Logging("debug", null))).isEqualTo("log level (debug)");
        assertThat(log.isDebugEnabled()).isTrue();
        assertThat(ServerLog.reload(Logging.defaults())).isEqualTo("log level (info)");
        assertThat(log.isDebugEnabled()).isFalse();
    }

    @Test void aReloadToABadFileKeepsTheOldOne() throws Exception {
        Path file = dir.resolve("satchel.log");
        ServerLog.start(new Logging("info", file));
        Path bad = dir.resolve("gone/satchel.log");
        assertThat(ServerLog.reload(new Logging("info", bad))).isEqualTo(
                "log level (info), log NOT reopened: logging.file " + bad + ": no such directory " + bad.getParent());
        log.info("still here");
        assertThat(Files.readString(file)).contains("still here");
    }
}
