package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
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
 * A PostgreSQL restart while two nodes serve, seen through IMAP: during the outage commands are answered
 * {@code NO [UNAVAILABLE]} within the configured wait (RFC 5530 §3), sessions stay open and selected, and once the
 * database is back service resumes without restarting Satchel; the idling session on the other node hears of an
 * APPEND made after the restart (its listener reconnected and caught up). A PostgreSQL of its own, stopped and
 * started on the same data directory and port: the shared test server must not restart under other tests.
 */
class PostgresRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(2);

    @TempDir Path tmp;
    private RestartablePostgres pg;
    private ImapServer nodeA;
    private ImapServer nodeB;

    private ImapServer node(String name) throws Exception {
        var config = ServerConfig.defaults(tmp.resolve(name)).withImap("127.0.0.1:0").withImaps(null);
        return ImapServer.start(config, pg.store(WAIT));
    }

    @BeforeEach void start() throws Exception {
        pg = RestartablePostgres.start(tmp.resolve("pgdata"), Map.of("fsync", "off"));
        nodeA = node("a");
        nodeB = node("b");
        nodeA.store().createUser("alice", Passwords.hash("secret"), null);
    }

    @AfterEach void stop() throws Exception {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
        if (pg != null) pg.close();
    }

    @Test void restartGivesUnavailableThenServiceAndIdleResume() throws Exception {
        try (var a = TestClient.connect(nodeA.imapAddress()); var b = TestClient.connect(nodeB.imapAddress())) {
            a.until("* OK");
            b.until("* OK");
            assertThat(a.command("a1", "LOGIN alice secret")).last().asString().startsWith("a1 OK");
            assertThat(b.command("b1", "LOGIN alice secret")).last().asString().startsWith("b1 OK");
            assertThat(a.command("a2", "SELECT INBOX")).last().asString().startsWith("a2 OK");
            assertThat(b.command("b2", "SELECT INBOX")).last().asString().startsWith("b2 OK");
            a.appendUid("a3", "INBOX", message("before"));
            b.send("b3 IDLE");
            b.until("+ ");
            assertThat(b.until("* 1 EXISTS")).isNotEmpty();

            pg.stop();
            // Each answer comes within the wait plus a margin: no hang, no BYE, the session stays selected.
            long t0 = System.nanoTime();
            List<String> append = a.append("a4", "INBOX", message("during"));
            assertThat(append.getLast()).startsWith("a4 NO [UNAVAILABLE]");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(WAIT.multipliedBy(5));
            assertThat(a.command("a5", "UID SEARCH BODY before").getLast()).matches("a5 (OK|NO \\[UNAVAILABLE]).*");
            assertThat(a.command("a6", "STATUS Sent (MESSAGES)").getLast()).startsWith("a6 NO [UNAVAILABLE]");
            try (var c = TestClient.connect(nodeA.imapAddress())) {
                c.until("* OK");
                assertThat(c.command("c1", "LOGIN alice secret").getLast()).startsWith("c1 NO [UNAVAILABLE]");
            }

            pg.startAgain();
            // The first commands after the restart may still meet pooled connections the restart broke.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<String> after;
            int n = 0;
            do {
                after = a.append("r" + ++n, "INBOX", message("after"));
            } while (!after.getLast().contains(" OK ") && System.nanoTime() < deadline);
            assertThat(after.getLast()).contains("OK [APPENDUID");
            assertThat(b.until("* 2 EXISTS")).isNotEmpty();
            b.send("DONE");
            assertThat(b.until("b3 ").getLast()).startsWith("b3 OK");
            assertThat(a.command("a7", "UID FETCH 1:* (UID)")).filteredOn(l -> l.startsWith("* ")).hasSize(2);
            assertThat(a.command("a8", "LOGOUT").getLast()).startsWith("a8 OK");
        }
    }

    /** A small message whose subject and body are {@code text}. */
    private static byte[] message(String text) {
        return ("Subject: " + text + "\r\n\r\n" + text + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
