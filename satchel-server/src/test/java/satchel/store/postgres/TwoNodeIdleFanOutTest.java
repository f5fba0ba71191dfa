package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.store.MailStore;
import satchel.store.UserMail;

/**
 * Issue 12: many sessions idling on node B, an APPEND through node A. Every one of them hears {@code * 1 EXISTS}
 * (and exactly one sees the message \Recent, RFC 3501 §2.3.2), while node B reads the change from PostgreSQL a
 * once in all, not once per session: the doorbell fans out through one feed per mailbox, and starts the one read. The same for NOTIFY
 * sessions watching INBOX unselected (RFC 5465 §5.2): one STATUS read for all of them.
 */
class TwoNodeIdleFanOutTest {
    private static final int SESSIONS = 60;

    @TempDir Path dir;
    private final Counts counts = new Counts();
    private TwoNodes nodes;

    /** Store reads node B makes: changesSince calls that found the change, STATUS reads, \Recent claims. */
    static final class Counts {
        final AtomicInteger changesFound = new AtomicInteger();
        final AtomicInteger status = new AtomicInteger();
        final AtomicInteger claims = new AtomicInteger();
    }

    @BeforeEach void twoNodes() throws Exception {
        nodes = new TwoNodes(dir, PostgresTestServer.open(dir), counting(PostgresTestServer.open(dir), counts),
                c -> c.withMaxConnectionsPerIp(10 * SESSIONS).withMaxConnectionsPerUser(10 * SESSIONS));
    }

    @AfterEach void stop() {
        if (nodes != null) nodes.close();
    }

    @Test void oneAppendReachesEveryIdlerOnTheOtherNodeThroughAFewReads() throws Exception {
        List<TestClient> idlers = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            TestClient c = nodes.login(nodes.b);
            assertThat(c.command("s", "SELECT INBOX").getLast()).startsWith("s OK");
            c.send("i IDLE");
            c.until("+ ");
            idlers.add(c);
        }
        // Each idler's first sync runs after its "+" (a read begun after the call, as for a command): let those end,
        // so the reads counted below are the bell's.
        Thread.sleep(1000);
        int claimsBefore = counts.claims.get();
        nodes.login(nodes.a).appendUid("a", "INBOX", message("to everyone"));

        int recentOnes = 0;
        for (TestClient c : idlers) {
            c.until("* 1 EXISTS");
            String recent = c.readLine();
            assertThat(recent).matches("\\* [01] RECENT");
            if (recent.equals("* 1 RECENT")) recentOnes++;
        }
        assertThat(recentOnes).as("sessions told the message is \\Recent").isEqualTo(1);
        // One session per read was SESSIONS reads of each. The doorbell starts the read before it wakes anyone, and
        // every session it woke takes that read, even those that got to run after it began.
        assertThat(counts.changesFound.get()).as("changesSince reads that found the APPEND").isEqualTo(1);
        assertThat(counts.claims.get() - claimsBefore).as("\\Recent claims").isLessThan(SESSIONS / 4);

        // Each session keeps its own place: one that leaves IDLE and one that selects now are still exact.
        TestClient first = idlers.getFirst();
        first.send("DONE");
        assertThat(first.until("i ").getLast()).startsWith("i OK");
        nodes.login(nodes.a).appendUid("b", "INBOX", message("second"));
        assertThat(first.command("n", "NOOP")).contains("* 2 EXISTS").last().asString().startsWith("n OK");
        assertThat(nodes.login(nodes.b).command("s", "SELECT INBOX")).contains("* 2 EXISTS");
        assertThat(idlers.getLast().until("* 2 EXISTS")).isNotEmpty();
    }

    @Test void notifySessionsOnTheOtherNodeShareOneStatusRead() throws Exception {
        List<TestClient> watchers = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            TestClient c = nodes.login(nodes.b);
            assertThat(c.command("n", "NOTIFY SET (INBOXES (MessageNew MessageExpunge))").getLast()).startsWith("n OK");
            watchers.add(c);
        }
        int statusBefore = counts.status.get();
        nodes.login(nodes.a).appendUid("a", "INBOX", message("to everyone"));
        for (TestClient c : watchers) assertThat(c.until("* STATUS INBOX").getLast()).contains("MESSAGES 1 UIDNEXT 2");
        assertThat(counts.status.get() - statusBefore).as("STATUS reads on node B").isLessThan(SESSIONS / 4);
    }

    private static byte[] message(String text) {
        return ("Subject: " + text + "\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The store, with {@link UserMail}s that count some calls; everything else goes straight through. */
    static MailStore counting(MailStore store, Counts counts) {
        return (MailStore) Proxy.newProxyInstance(MailStore.class.getClassLoader(), new Class<?>[] {MailStore.class},
                (proxy, method, args) -> {
                    Object result = invoke(store, method, args);
                    if (method.getName().equals("mail") && result instanceof UserMail m) return countingMail(m, counts);
                    return result;
                });
    }

    private static UserMail countingMail(UserMail real, Counts counts) {
        return (UserMail) Proxy.newProxyInstance(UserMail.class.getClassLoader(), new Class<?>[] {UserMail.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    switch (method.getName()) {
                        case "changesSince" -> {
                            if (!((List<?>) result).isEmpty()) counts.changesFound.incrementAndGet();
                        }
                        case "status" -> counts.status.incrementAndGet();
                        case "claimRecent" -> counts.claims.incrementAndGet();
                        default -> { }
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
