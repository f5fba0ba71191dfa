package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.MailboxId;
import satchel.store.MessageMeta;
import satchel.store.NewMessage;
import satchel.store.User;
import satchel.store.UserMail;

/** Two stores on one database, as two Satchel nodes: UIDs appear in order, and doorbells cross between them. */
class PostgresNodesTest {
    @TempDir Path dir;
    private PostgresMailStore a;
    private PostgresMailStore b;
    private UserMail onA;
    private UserMail onB;
    private MailboxId inbox;

    @BeforeEach
    void twoNodes() throws Exception {
        a = PostgresTestServer.open(dir);
        b = PostgresTestServer.open(dir);
        User alice = a.createUser("alice", "h", null);
        onA = a.mail(alice);
        onB = b.mail(b.user("alice").orElseThrow());
        inbox = onA.find("INBOX").orElseThrow().id();
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static NewMessage msg(String subject) {
        return new NewMessage(("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8), Set.of(),
                Instant.parse("2026-12-06T10:00:00Z"));
    }

    /** No reader may ever see UID n+1 before UID n: every snapshot is 1..max with no gap (nothing is expunged). */
    @Test
    void concurrentAppendsOnTwoNodesBecomeVisibleInUidOrder() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        List<String> gaps = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Callable<Void>> writers = new ArrayList<>();
            for (UserMail node : List.of(onA, onB, onA, onB)) {
                writers.add(() -> {
                    for (int i = 0; i < 15; i++) node.append(inbox, List.of(msg("m" + i), msg("n" + i)));
                    return null;
                });
            }
            Future<?> reader = pool.submit(() -> {
                while (!done.get()) {
                    for (UserMail node : List.of(onA, onB)) {
                        List<Long> uids = node.snapshot(inbox).messages().stream().map(MessageMeta::uid).toList();
                        for (int i = 0; i < uids.size(); i++) {
                            if (uids.get(i) != i + 1) {
                                synchronized (gaps) {
                                    gaps.add(uids.toString());
                                }
                                break;
                            }
                        }
                    }
                }
                return null;
            });
            for (Future<Void> f : pool.invokeAll(writers, 2, TimeUnit.MINUTES)) f.get();
            done.set(true);
            reader.get();
        }
        assertThat(gaps).isEmpty();
        assertThat(onB.status(inbox).messages()).isEqualTo(120);
        assertThat(onB.status(inbox).uidNext()).isEqualTo(121);
    }

    @Test
    void anAppendOnOneNodeRingsAWatchOnTheOther() throws Exception {
        Semaphore rung = new Semaphore(0);
        try (AutoCloseable watch = b.watch(inbox, rung::release)) {
            onA.append(inbox, List.of(msg("hello")));
            assertThat(rung.tryAcquire(10, TimeUnit.SECONDS)).as("doorbell on the other node").isTrue();
            assertThat(onB.changesSince(inbox, 1)).hasSize(1);
        }
    }

    /** The listening connection dies (as in a database restart): it comes back, catches up and rings again. */
    @Test
    void theListenerReconnectsAndCatchesUp() throws Exception {
        CountDownLatch rung = new CountDownLatch(2);
        try (AutoCloseable watch = b.watch(inbox, rung::countDown)) {
            try (Connection c = PostgresTestServer.server().getPostgresDatabase().getConnection();
                 Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name = 'satchel listener'");
            }
            // The catch-up after reconnecting rings once; an append made afterwards rings again.
            onA.append(inbox, List.of(msg("while away")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (rung.getCount() > 0 && System.nanoTime() < deadline) {
                onA.append(inbox, List.of(msg("again")));
                rung.await(500, TimeUnit.MILLISECONDS);
            }
            assertThat(rung.getCount()).as("rung after reconnecting").isZero();
        }
    }
}
