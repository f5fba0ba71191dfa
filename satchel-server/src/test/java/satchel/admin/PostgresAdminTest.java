package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.NewMessage;
import satchel.store.postgres.PostgresMailStore;
import satchel.store.postgres.PostgresTestServer;

/** The admin commands work on a PostgreSQL store through {@code --config}, and a bad database says so in one line. */
class PostgresAdminTest {
    @TempDir Path dir;
    private final Cli cli = new Cli();

    private Path config(String url) throws Exception {
        return Files.writeString(dir.resolve("satchel.conf"), "store = postgresql\nstore.url = " + url
                + "\nstore.user = postgres\n");
    }

    @Test
    void userMailboxUsageAndCheckRunOnPostgresql() throws Exception {
        String conf = config(PostgresTestServer.url(dir)).toString();
        try (PostgresMailStore s = PostgresTestServer.open(dir)) {
            var mail = s.mail(s.createUser("alice", "x", null));
            mail.append(mail.find("INBOX").orElseThrow().id(), List.of(new NewMessage(
                    "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII), Set.of(), Instant.now())));
        }
        assertThat(cli.run("user", "list", "--config", conf)).isZero();
        assertThat(cli.out()).isEqualTo("alice\n");
        assertThat(cli.run("mailbox", "create", "alice", "Work/2026", "--config", conf)).isZero();
        assertThat(cli.run("mailbox", "list", "alice", "--config", conf)).isZero();
        assertThat(cli.out()).contains("Work/2026").contains("INBOX");
        assertThat(cli.run("usage", "alice", "--config", conf)).isZero();
        assertThat(cli.out()).contains("INBOX");
        assertThat(cli.run("check", "--quiet", "--config", conf)).as(cli.err()).isZero();
    }

    @Test
    void anUnreachableDatabaseStopsWithOneLineNamingTheUrlAndTheReason() throws Exception {
        String url = "postgresql://127.0.0.1:21999/satchel"; // nothing listens there (this session's port range)
        assertThat(cli.run("user", "list", "--config", config(url).toString())).isEqualTo(1);
        assertThat(cli.err().strip()).startsWith("satchel: cannot open the PostgreSQL store at " + url + ": ")
                .contains("refused").doesNotContain("\n");
    }

    @Test
    void aMissingDatabaseIsNamed() throws Exception {
        String existing = PostgresTestServer.url(dir);
        String url = existing.substring(0, existing.lastIndexOf('/') + 1) + "no_such_db";
        assertThat(cli.run("user", "list", "--config", config(url).toString())).isEqualTo(1);
        assertThat(cli.err().strip()).contains(url).contains("\"no_such_db\" does not exist").doesNotContain("\n");
    }
}
