package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.auth.Passwords;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;

/**
 * The database goes away in the middle of a batch of pipelined APPENDs (issue 12, {@code AppendBatches}): the
 * batch's blobs are written and it waits for the mailbox row, held meanwhile by another connection, when PostgreSQL
 * stops. Every APPEND of the batch is answered {@code NO [UNAVAILABLE]} (RFC 5530 §3), none is stored, and the mail
 * acknowledged before is all there once the database is back. A PostgreSQL of its own: the shared one must not stop.
 *
 * <p>The lock is held by a prepared transaction (two-phase commit), which outlives the shutdown: a plain session
 * holding it would be terminated with the others, and on a busy machine the waiting batch could be granted the lock
 * and commit before its own backend got the shutdown signal (seen once in CI).
 */
class PostgresAppendBatchOutageTest {
    private static final Duration WAIT = Duration.ofSeconds(2);

    @TempDir Path tmp;
    private RestartablePostgres pg;
    private ImapServer node;

    @BeforeEach void start() throws Exception {
        pg = RestartablePostgres.start(tmp.resolve("pgdata"), Map.of("max_prepared_transactions", "2"));
        node = ImapServer.start(ServerConfig.defaults(tmp.resolve("node")).withImap("127.0.0.1:0").withImaps(null),
                pg.store(WAIT));
        node.store().createUser("alice", Passwords.hash("secret"), null);
    }

    @AfterEach void stop() throws Exception {
        if (node != null) node.close();
        if (pg != null) pg.close();
    }

    @Test void databaseLostMidBatchAnswersUnavailableAndKeepsWhatWasAcknowledged() throws Exception {
        try (var a = TestClient.connect(node.imapAddress())) {
            a.until("* OK");
            assertThat(a.command("a1", "LOGIN alice secret").getLast()).startsWith("a1 OK");
            a.appendUid("a2", "INBOX", message("kept one"));
            a.appendUid("a3", "INBOX", message("kept two"));

            try (Connection holder = pg.connect()) {
                holder.setAutoCommit(false);
                try (Statement s = holder.createStatement()) {
                    s.execute("SELECT 1 FROM mailboxes WHERE name = 'INBOX' FOR UPDATE");
                    s.execute("PREPARE TRANSACTION 'hold-inbox'");
                }
            }
            // Three APPENDs in one write (LITERAL+): the session reads them ahead and queues them together.
            StringBuilder burst = new StringBuilder();
            for (int i = 1; i <= 3; i++) {
                byte[] m = message("lost " + i);
                burst.append("b").append(i).append(" APPEND INBOX {").append(m.length).append("+}\r\n")
                        .append(new String(m, StandardCharsets.UTF_8)).append("\r\n");
            }
            a.write(burst.toString());
            awaitLockWaiter();

            pg.stop(); // the waiting batch's connection goes with it; the prepared lock stays
            List<String> answers = new ArrayList<>();
            for (int i = 1; i <= 3; i++) answers.add(a.until("b" + i + " ").getLast());
            assertThat(answers).allMatch(l -> l.matches("b\\d NO \\[UNAVAILABLE].*"));

            pg.startAgain();
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("ROLLBACK PREPARED 'hold-inbox'");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<String> fetched;
            int n = 0;
            do {
                fetched = a.command("f" + ++n, "EXAMINE INBOX");
            } while (!fetched.getLast().contains(" OK ") && System.nanoTime() < deadline);
            assertThat(fetched).contains("* 2 EXISTS");
            assertThat(a.command("g", "FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])"))
                    .anyMatch(l -> l.contains("Subject: kept one")).anyMatch(l -> l.contains("Subject: kept two"))
                    .noneMatch(l -> l.contains("lost"));
        }
    }

    /** Until a Satchel connection waits for the row lock: the batch has written its blobs and waits for UIDs. */
    private void awaitLockWaiter() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = 'satchel'"
                        + " AND wait_event_type = 'Lock' AND query LIKE '%UPDATE mailboxes%'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) return;
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("no APPEND came to wait for the mailbox row");
    }

    private static byte[] message(String text) {
        return ("Subject: " + text + "\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
