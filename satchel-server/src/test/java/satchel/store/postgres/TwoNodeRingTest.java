package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;

/**
 * Issue 12: node A rings the other nodes after its commit, from a connection of its own ({@link Ringer}), no longer
 * inside the writing transaction. So a ring can be lost (node A dies between the commit and the ring), and the
 * change must still reach node B's sessions, through the listener's sweep; and a ringing connection that breaks
 * must not lose the ring, only send it again on a new one.
 */
class TwoNodeRingTest {
    @TempDir Path dir;
    private PostgresMailStore storeA;
    private TwoNodes nodes;

    @BeforeEach void twoNodes() throws Exception {
        storeA = PostgresTestServer.open(dir);
        nodes = new TwoNodes(dir, storeA, PostgresTestServer.open(dir), c -> c);
    }

    @AfterEach void stop() {
        if (nodes != null) nodes.close();
    }

    /**
     * The crash window: committed on A, never rung. A NOTIFY session on B (which, unlike IDLE, does not poll) still
     * hears of it (RFC 5465 §5.2), within about one sweep; and so does an IDLE session, well before its own poll.
     */
    @Test void aChangeWhoseRingWasLostReachesTheOtherNodeThroughTheSweep() throws Exception {
        TestClient watcher = nodes.login(nodes.b);
        assertThat(watcher.command("n", "NOTIFY SET (INBOXES (MessageNew))").getLast()).startsWith("n OK");
        TestClient idler = nodes.login(nodes.b);
        assertThat(idler.command("s", "SELECT INBOX").getLast()).startsWith("s OK");
        idler.send("i IDLE");
        idler.until("+ ");
        // Let a first sweep see INBOX, so what follows is a change it must notice, not a mailbox new to it.
        Thread.sleep(ChangeListener.SWEEP.plusSeconds(1).toMillis());

        storeA.postgres().ringer().close(); // node A rings nobody from here on: as if killed right after the commit
        long t0 = System.nanoTime();
        nodes.login(nodes.a).appendUid("a", "INBOX", message("never rung"));
        assertThat(watcher.until("* STATUS INBOX").getLast()).contains("MESSAGES 1 UIDNEXT 2");
        assertThat(idler.until("* 1 EXISTS")).isNotEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("within a sweep, with a margin for a loaded machine")
                .isLessThan(ChangeListener.SWEEP.multipliedBy(3));
    }

    /** The ringing connection broken under it (a failover, an administrator's pg_terminate_backend): rung anyway. */
    @Test void aBrokenRingingConnectionRingsAgainOnANewOne() throws Exception {
        TestClient idler = nodes.login(nodes.b);
        assertThat(idler.command("s", "SELECT INBOX").getLast()).startsWith("s OK");
        idler.send("i IDLE");
        idler.until("+ ");
        TestClient appender = nodes.login(nodes.a);
        appender.appendUid("a", "INBOX", message("first")); // the ringer's connection is open now
        assertThat(idler.until("* 1 EXISTS")).isNotEmpty();
        assertThat(terminate("satchel doorbell")).as("ringing connections ended").isPositive();

        appender.appendUid("b", "INBOX", message("second"));
        assertThat(idler.until("* 2 EXISTS")).isNotEmpty();
        assertThat(count("satchel doorbell")).as("the ringer, connected again to send the second ring").isPositive();
        idler.send("DONE");
        assertThat(idler.until("i ").getLast()).startsWith("i OK");
    }

    /** Ends this database's sessions with this application name; how many it ended. */
    private int terminate(String application) throws Exception {
        return query("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND application_name = '" + application + "'");
    }

    private int count(String application) throws Exception {
        return query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name = '" + application + "'");
    }

    private int query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:" + PostgresTestServer.url(dir), "postgres", null);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static byte[] message(String text) {
        return ("Subject: " + text + "\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
