package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.StoreFixture;

/**
 * The locks the full-text indexer and the writers take on a mailbox row. The indexer holds a share lock while it
 * writes a batch of index rows (slow: seven trigram indexes); an APPEND, which only moves the row's counters, must
 * not wait for it, while an expunge, which deletes what the batch indexes, must. Here a plain connection holds
 * the indexer's lock ({@code FOR KEY SHARE}) on INBOX.
 */
class PostgresIndexLockTest extends StoreFixture {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }

    private Connection holdShareLock(MailboxId box) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:" + PostgresTestServer.url(dir), "postgres", "");
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM mailboxes WHERE id = ? FOR KEY SHARE")) {
            ps.setLong(1, box.value());
            ps.executeQuery().close();
        }
        return c;
    }

    @Test
    void appendDoesNotWaitForTheIndexersLock() throws Exception {
        MailboxId box = inbox();
        append(box, 1);
        try (Connection indexer = holdShareLock(box);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Long>> appended = pool.submit(() -> append(box, List.of(msg("two"), msg("three"))));
            assertThat(appended.get(20, TimeUnit.SECONDS)).containsExactly(2L, 3L);
            indexer.rollback();
        }
        assertThat(uids(box)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void expungeWaitsForTheIndexersLock() throws Exception {
        MailboxId box = inbox();
        append(box, 2);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Long>> expunged;
            try (Connection indexer = holdShareLock(box)) {
                expunged = pool.submit(() -> mail.expunge(box, List.of(1L)));
                assertThatThrownBy(() -> expunged.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
                indexer.rollback();
            }
            assertThat(expunged.get(20, TimeUnit.SECONDS)).containsExactly(1L);
        }
        assertThat(uids(box)).containsExactly(2L);
    }
}
