package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.MailStore;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.postgres.PostgresMailStore;
import satchel.store.postgres.PostgresTestServer;
import satchel.store.sqlite.SqliteMailStore;

/** {@code satchel quota set|show|clear}, on SQLite (--data) and PostgreSQL (--config), and check of the counters. */
class QuotaCommandTest {
    @TempDir Path dir;
    private final Cli cli = new Cli();
    private String data;

    private static final byte[] HI = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII); // 22 bytes

    private static void aliceWithOneMessage(MailStore s) throws StoreException {
        var mail = s.mail(s.createUser("alice", "x", null));
        mail.append(mail.find("INBOX").orElseThrow().id(), List.of(new NewMessage(HI, Set.of(), Instant.now())));
    }

    @BeforeEach void sqlite() throws Exception {
        data = dir.resolve("data").toString();
        try (SqliteMailStore s = SqliteMailStore.open(Path.of(data))) {
            aliceWithOneMessage(s);
        }
    }

    @Test void setShowAndClear() {
        assertThat(cli.run("quota", "show", "alice", "--data", data)).isZero();
        assertThat(cli.out()).contains("used 22 (22 bytes)", "limit unlimited (default)", "used 1");
        assertThat(cli.run("quota", "set", "alice", "--storage", "1G", "--messages", "5000", "--data", data)).isZero();
        assertThat(cli.out()).contains("limit 1G (own)", "limit 5000 (own)");
        assertThat(cli.run("quota", "set", "alice", "--messages", "unlimited", "--data", data)).isZero();
        assertThat(cli.out()).contains("limit 1G (own)", "limit unlimited (own)");
        assertThat(cli.run("quota", "set", "alice", "--storage", "default", "--data", data)).isZero();
        assertThat(cli.out()).contains("limit unlimited (default)", "limit unlimited (own)");
        assertThat(cli.run("quota", "clear", "alice", "--data", data)).isZero();
        assertThat(cli.out()).doesNotContain("(own)");
    }

    @Test void defaultsComeFromTheConfigurationFile() throws Exception {
        String conf = Files.writeString(dir.resolve("satchel.conf"), "data-dir = " + data
                + "\nquota.storage = 10M\nquota.messages = 100\n").toString();
        assertThat(cli.run("quota", "show", "alice", "--config", conf)).isZero();
        assertThat(cli.out()).contains("limit 10M (default)", "limit 100 (default)");
        assertThat(cli.run("quota", "set", "alice", "--storage", "2G", "--config", conf)).isZero();
        assertThat(cli.out()).contains("limit 2G (own)", "limit 100 (default)");
    }

    @Test void errors() {
        assertThat(cli.run("quota")).isEqualTo(2);
        assertThat(cli.err()).contains("Missing command: set, show or clear");
        assertThat(cli.run("quota", "set", "alice", "--data", data)).isEqualTo(2);
        assertThat(cli.err()).contains("Give --storage, --messages or both");
        assertThat(cli.run("quota", "set", "alice", "--storage", "lots", "--data", data)).isEqualTo(2);
        assertThat(cli.err()).contains("--storage: expected a size like 500M or 2G, or unlimited, got \"lots\"");
        assertThat(cli.run("quota", "set", "alice", "--messages", "-3", "--data", data)).isEqualTo(2);
        assertThat(cli.run("quota", "show", "nobody", "--data", data)).isEqualTo(1);
        assertThat(cli.err()).contains("no such user: nobody");
        assertThat(cli.run("quota", "set", "nobody", "--messages", "1", "--data", data)).isEqualTo(1);
    }

    @Test void checkFindsAndRepairsWrongCounters() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + Path.of(data, "satchel.db").toAbsolutePath());
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE quota SET storage_used = 999, messages_used = 7");
        }
        assertThat(cli.run("check", "--data", data)).isEqualTo(CheckCommand.PROBLEMS_LEFT);
        assertThat(cli.out()).contains("alice: quota usage 999 bytes in 7 messages, but the mailboxes hold 22 bytes in 1");
        assertThat(cli.run("check", "--repair", "--quiet", "--data", data)).isZero();
        assertThat(cli.out()).contains("1 problems, 1 repaired, 0 left.");
        assertThat(cli.run("quota", "show", "alice", "--data", data)).isZero();
        assertThat(cli.out()).contains("used 22 (22 bytes)", "used 1");
    }

    @Test void theMigrationCountsMailStoredBeforeIt() throws Exception {
        // A database from before quotas (migration 6): no quota table.
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + Path.of(data, "satchel.db").toAbsolutePath());
             Statement s = c.createStatement()) {
            satchel.store.sqlite.SchemaRollback.to(s, 5);
        }
        assertThat(cli.run("quota", "set", "alice", "--messages", "1", "--data", data)).isZero(); // opens, migrates
        assertThat(cli.out()).contains("used 22 (22 bytes)", "used 1", "limit 1 (own)");
        assertThat(cli.run("check", "--data", data)).isZero();
    }

    @Test void worksOnPostgresql() throws Exception {
        String conf = Files.writeString(dir.resolve("pg.conf"), "store = postgresql\nstore.url = "
                + PostgresTestServer.url(dir) + "\nstore.user = postgres\nquota.messages = 10\n").toString();
        try (PostgresMailStore s = PostgresTestServer.open(dir)) {
            aliceWithOneMessage(s);
        }
        assertThat(cli.run("quota", "set", "alice", "--storage", "1M", "--config", conf)).isZero();
        assertThat(cli.out()).contains("limit 1M (own)", "limit 10 (default)", "used 1");
        assertThat(cli.run("quota", "show", "alice", "--config", conf)).isZero();
        assertThat(cli.out()).contains("used 22 (22 bytes)");
        assertThat(cli.run("quota", "clear", "alice", "--config", conf)).isZero();
        assertThat(cli.out()).contains("limit unlimited (default)");
        assertThat(cli.run("check", "--quiet", "--config", conf)).as(cli.err()).isZero();
    }
}
