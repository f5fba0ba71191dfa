package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code logging.file} that cannot be written stops {@code serve} with one line, like any bad value. */
class BadLogFileTest {
    @TempDir Path dir;
    private final Cli cli = new Cli();

    @Test void serveStopsBeforeAnythingExistsWithOneLineNamingKeyPathAndReason() throws Exception {
        Path log = dir.resolve("missing/satchel.log");
        Path config = Files.writeString(dir.resolve("satchel.conf"), """
                data-dir = data
                imap = 127.0.0.1:0
                imaps = off
                metrics = off
                logging.file = missing/satchel.log
                """);
        assertThat(cli.run("serve", "--config", config.toString())).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("satchel: logging.file " + log + ": no such directory " + log.getParent() + "\n");
        assertThat(dir.resolve("data")).doesNotExist(); // no store, no certificate left behind
        assertThat(dir.resolve("missing")).doesNotExist();
    }

    /** One session run as a user who may not write the server's log still runs, logging to stderr. */
    @Test void imapStdioFallsBackToStandardError() throws Exception {
        try (var store = satchel.store.sqlite.SqliteMailStore.open(dir.resolve("data"))) {
            store.createUser("dave", satchel.auth.Passwords.hash("pw"), satchel.auth.Scram.storedKeys("pw"));
        }
        Path config = Files.writeString(dir.resolve("satchel.conf"), """
                data-dir = data
                logging.file = missing/satchel.log
                """);
        assertThat(cli.run("imap-stdio", "--user", "dave", "--config", config.toString())).isZero();
        assertThat(dir.resolve("missing")).doesNotExist();
    }

    @Test void aDirectoryIsRefusedToo() throws Exception {
        Path config = Files.writeString(dir.resolve("satchel.conf"), """
                data-dir = data
                imap = 127.0.0.1:0
                imaps = off
                metrics = off
                logging.file = .
                """);
        assertThat(cli.run("serve", "--config", config.toString())).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("satchel: logging.file " + dir.resolve(".") + ": is a directory\n");
    }
}
