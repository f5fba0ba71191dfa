package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.auth.Passwords;
import satchel.config.ServerConfig;
import satchel.store.Limit;
import satchel.store.QuotaOverride;

/**
 * Two IMAP sessions race for the last slot of a quota, on the SQLite store (its writes are grouped into one
 * transaction, each in a savepoint): the check runs inside each write, so exactly one APPEND wins every round and
 * the other is NO [OVERQUOTA]; the mailboxes never hold more than the limit.
 */
class QuotaRaceTest {
    @TempDir Path dir;

    @Test
    void twoSessionsCannotBothTakeTheLastSlot() throws Exception {
        ServerConfig config = ServerConfig.defaults(dir).withStore("sqlite").withImap("127.0.0.1:0").withImaps(null)
                .withShutdownGrace(Duration.ZERO);
        try (ImapServer server = ImapServer.start(config)) {
            var alice = server.store().createUser("alice", Passwords.hash("secret"), null);
            try (TestClient a = TestClient.login(server.imapAddress(), "alice", "secret");
                 TestClient b = TestClient.login(server.imapAddress(), "alice", "secret");
                 var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                int rounds = 20;
                for (int round = 0; round < rounds; round++) {
                    // One slot left: `round` messages stored, the limit one above.
                    server.store().setQuota(alice, new QuotaOverride(Optional.empty(),
                            Optional.of(new Limit.AtMost(round + 1))));
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<String>> answers = new ArrayList<>();
                    for (TestClient c : List.of(a, b)) {
                        // Different mailboxes: the mailbox row lock alone would not keep them apart.
                        String box = c == a ? "INBOX" : "Drafts";
                        answers.add(pool.submit(() -> {
                            go.await();
                            return c.command("r", "APPEND " + box + " {5+}\r\nhello").getLast();
                        }));
                    }
                    go.countDown();
                    List<String> got = new ArrayList<>();
                    for (Future<String> f : answers) got.add(f.get());
                    assertThat(got).as("round " + round).filteredOn(s -> s.startsWith("r OK")).hasSize(1);
                    assertThat(got).as("round " + round).filteredOn(s -> s.startsWith("r NO [OVERQUOTA]")).hasSize(1);
                }
                assertThat(server.store().quota(alice).messages()).isEqualTo(rounds);
            }
            var mail = server.store().mail(alice);
            long stored = 0;
            for (var m : mail.list()) if (m.selectable()) stored += mail.status(m.id()).messages();
            assertThat(stored).isEqualTo(20);
        }
    }
}
