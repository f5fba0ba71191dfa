package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.Doorbells;
import satchel.store.FlagUpdate;
import satchel.store.MailboxId;
import satchel.store.MailboxLimits;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.TextQuery;
import satchel.store.UserMail;
import satchel.store.sql.Database;
import satchel.store.sql.Dialect;
import satchel.store.sql.SqlMailStore;

/**
 * The full-text indexer gives way to a busy writer only while no mailbox's unindexed tail reaches its bound, and then
 * works the tail down in small batches while row updates (STORE here) queue with it, in full batches while only
 * appends do; SEARCH finds every message whatever the tail (issue 11). The writer's busy time is made up here (always
 * busy, or never), so nothing depends on how fast this machine is; the row updates are real and counted by the
 * database.
 */
class SearchIndexerGiveWayTest {
    private static final int TAIL_BOUND = 200; // SearchIndexer.TAIL_BOUND
    private static final int SMALL_BATCH = 16; // SearchIndexer.SMALL_BATCH
    private static final int BATCH = 64; // SearchIndexer.BATCH
    private static final Duration ROWS_RECENT = Duration.ofSeconds(1); // SearchIndexer.ROWS_RECENT
    @TempDir Path dir;

    @Test
    void aBusyWriterStillGetsTheTailIndexedDownToTheBoundInSmallBatchesWhileFlagUpdatesQueue() throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        try (SqlMailStore store = storeOn(busy)) {
            UserMail mail = store.mail(store.createUser("alice", "$hash$alice", null));
            MailboxId inbox = mail.find("INBOX").orElseThrow().id();
            List<Long> uids = new ArrayList<>(append(mail, inbox, 0, 20));
            // Another client's STOREs keep coming until the tail is down: row updates wait with the indexer's batches.
            AtomicBoolean storing = new AtomicBoolean(true);
            Thread other = Thread.ofVirtual().start(() -> {
                int n = 0;
                while (storing.get()) {
                    try {
                        mail.updateFlags(inbox, List.of(uids.getFirst()),
                                new FlagUpdate(n++ % 2 == 0 ? FlagUpdate.Mode.ADD : FlagUpdate.Mode.REMOVE,
                                        Set.of("\\Seen"), -1));
                        Thread.sleep(5);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }
            });
            int total = 3 * TAIL_BOUND;
            long lag;
            try {
                for (int i = 20; i < total; i += 20) uids.addAll(append(mail, inbox, i, 20));
                // Past the bound the indexer works even though the writer stays busy.
                lag = downToBound(store);
            } finally {
                storing.set(false);
                other.join();
            }
            long writes = indexerWrites(store);
            assertThat(writes).as("batches of at most %d while giving way to row updates", SMALL_BATCH)
                    .isGreaterThanOrEqualTo((total - lag + SMALL_BATCH - 1) / SMALL_BATCH);
            findsEach(mail, inbox, uids); // indexed or in the tail: the same results
            busy.set(false); // a writer with room: the rest is indexed
            assertThat(store.awaitIndexed(Duration.ofSeconds(60))).isTrue();
            findsEach(mail, inbox, uids);
        }
    }

    @Test
    void aWriterBusyOnlyWithAppendsGetsTheTailIndexedInFullBatches() throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        try (SqlMailStore store = storeOn(busy)) {
            UserMail mail = store.mail(store.createUser("alice", "$hash$alice", null));
            MailboxId inbox = mail.find("INBOX").orElseThrow().id();
            // Creating the user and its mailboxes were row updates: let them age, so that only appends are recent.
            Thread.sleep(ROWS_RECENT.toMillis() + 200);
            List<Long> uids = new ArrayList<>();
            int total = 3 * TAIL_BOUND;
            for (int i = 0; i < total; i += 20) uids.addAll(append(mail, inbox, i, 20));
            long lag = downToBound(store);
            long writes = indexerWrites(store);
            // Each batch finds at least TAIL_LOW (100) waiting, so every one is full.
            assertThat(writes).as("batches of %d while only appends share the writer", BATCH)
                    .isLessThanOrEqualTo((total - lag + BATCH - 1) / BATCH);
            findsEach(mail, inbox, uids);
            busy.set(false);
            assertThat(store.awaitIndexed(Duration.ofSeconds(60))).isTrue();
            findsEach(mail, inbox, uids);
        }
    }

    @Test
    void onlyWritesWithoutBytesCountAsRowUpdates() throws Exception {
        try (SqliteDatabase db = new SqliteDialect(dir.resolve("rows.db"), 0, 0).open(new Doorbells())) {
            long before = db.rowWrites();
            db.writeGrowing(tx -> null, 1000); // an APPEND's size
            db.submitGrowing(tx -> null, 1000).await();
            assertThat(db.rowWrites()).isEqualTo(before);
            db.writeFreeing(tx -> null); // STORE, EXPUNGE, \Recent
            db.writeOne(tx -> null);
            db.write(tx -> null); // a mailbox change
            db.writeGrowing(tx -> null, 0); // COPY
            assertThat(db.rowWrites()).isEqualTo(before + 4);
        }
    }

    /** A store whose writer reports itself busy while {@code busy} is set (see {@link Busy}). */
    private SqlMailStore storeOn(AtomicBoolean busy) throws Exception {
        SqliteDatabase raw = new SqliteDialect(dir.resolve("mail.db"), 0, 0).open(new Doorbells());
        return new SqlMailStore(new Doorbells(), new Busy(raw, busy), MailboxLimits.DEFAULT, Duration.ofSeconds(1)) {};
    }

    /** Waits until the unindexed messages are under the bound; returns how many are left. */
    private static long downToBound(SqlMailStore store) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (store.unindexedMessages() >= TAIL_BOUND && System.nanoTime() < deadline) Thread.sleep(20);
        long lag = store.unindexedMessages();
        assertThat(lag).isLessThan(TAIL_BOUND);
        return lag;
    }

    private static List<Long> append(UserMail mail, MailboxId box, int from, int n) throws Exception {
        List<NewMessage> list = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            String text = "Subject: m" + i + "\r\n\r\nthe word is wordx" + i + "q\r\n";
            list.add(new NewMessage(text.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.now()));
        }
        List<Long> out = new ArrayList<>();
        for (var r : mail.append(box, list)) out.add(r.uid());
        return out;
    }

    private static void findsEach(UserMail mail, MailboxId box, List<Long> uids) throws Exception {
        for (int n = 0; n < uids.size(); n++) {
            int i = n;
            // Candidates: the index's hits and every message it has not taken in yet; the session checks them.
            var found = mail.textCandidates(box, List.of(TextQuery.body("wordx" + i + "q")));
            assertThat(found.map(f -> f.contains(uids.get(i))).orElse(true)).as("message " + i).isTrue();
        }
    }

    private static long indexerWrites(SqlMailStore store) throws Exception {
        var m = SqlMailStore.class.getDeclaredMethod("indexerWrites");
        m.setAccessible(true);
        return (long) m.invoke(store);
    }

    /** The database, with a writer that is always (or never) busy with others' writes. */
    private record Busy(SqliteDatabase db, AtomicBoolean busy) implements Database {
        @Override
        public long writerBusyNanos() {
            return busy.get() ? 4 * System.nanoTime() : 0; // busy four times over: whatever the indexer's own share
        }

        @Override
        public long rowWrites() {
            return db.rowWrites();
        }

        @Override
        public <T> T read(Work<T> work) throws StoreException {
            return db.read(work);
        }

        @Override
        public <T> T readOne(Work<T> work) throws StoreException {
            return db.readOne(work);
        }

        @Override
        public <T> T write(Work<T> work, long bytes) throws StoreException {
            return db.write(work, bytes);
        }

        @Override
        public <T> T writeGrowing(Work<T> work, long bytes) throws StoreException {
            return db.writeGrowing(work, bytes);
        }

        @Override
        public <T> satchel.store.Pending<T> submitGrowing(Work<T> work, long bytes) {
            return db.submitGrowing(work, bytes);
        }

        @Override
        public Arrival arriving() {
            return db.arriving();
        }

        @Override
        public <T> T writeOne(Work<T> work) throws StoreException {
            return db.writeOne(work);
        }

        @Override
        public <T> T writeFreeing(Work<T> work) throws StoreException {
            return db.writeFreeing(work);
        }

        @Override
        public Dialect dialect() {
            return db.dialect();
        }

        @Override
        public Duration shareHolds(satchel.store.Holds holds, Duration grace) {
            return db.shareHolds(holds, grace);
        }

        @Override
        public long othersFloor(Connection c, long mailbox) throws SQLException {
            return db.othersFloor(c, mailbox);
        }

        @Override
        public boolean readOnly() {
            return db.readOnly();
        }

        @Override
        public void close() {
            db.close();
        }
    }
}
