package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.Await;
import satchel.store.Doorbells;
import satchel.store.StoreException;

/**
 * WAL checkpoints run on the write connection between groups ({@link WalCheckpoints}), not inside a COMMIT: the
 * group that crosses the threshold is answered before the copy, writes queued meanwhile wait for it, the WAL starts
 * over under continuous writes, a reader's snapshot is never overwritten, the WAL starts over once that reader
 * lets go, and a closed store has copied and removed the WAL.
 */
class SqliteCheckpointTest {
    @TempDir Path dir;

    /** One write of {@code rows} rows of ~3 KB: about one WAL frame each. */
    private static void write(SqliteDatabase db, int batch, int rows) throws StoreException {
        db.write(tx -> {
            try (PreparedStatement ps = tx.c().prepareStatement("INSERT INTO counters (name, value) VALUES (?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, ("b" + batch + "r" + i + "-").repeat(300));
                    ps.setLong(2, i);
                    ps.executeUpdate();
                }
            }
            return null;
        }, 0);
    }

    private static long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM counters"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The WAL's length in frames, read by a connection of the test's own without copying anything. */
    private static long frames(Connection probe) throws SQLException {
        try (PreparedStatement ps = probe.prepareStatement("PRAGMA wal_checkpoint(NOOP)"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(2);
        }
    }

    private static Connection probe(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    @Test
    void theCheckpointRunsAfterItsGroupIsAnsweredAndTheWalStartsOver() throws Exception {
        Path file = dir.resolve("t.db");
        try (SqliteDatabase db = new SqliteDialect(file, 0, 0).open(new Doorbells()); Connection probe = probe(file)) {
            long autocheckpoint = db.write(tx -> {
                try (PreparedStatement ps = tx.c().prepareStatement("PRAGMA wal_autocheckpoint");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }, 0);
            assertThat(autocheckpoint).isZero(); // SQLite's own, inside COMMIT, is off
            CountDownLatch inCheckpoint = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            db.commitHook(new GroupCommit.Hook() {
                @Override
                public void beforeCheckpoint() {
                    inCheckpoint.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            int b = 0;
            while (frames(probe) < WalCheckpoints.PASSIVE_FRAMES) write(db, b++, 40);
            // The write that crossed the threshold has returned while its checkpoint is held before it starts.
            assertThat(inCheckpoint.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(db.checkpoints()).isZero();
            // A write queued meanwhile waits for the checkpoint, then commits.
            int next = b++;
            CompletableFuture<Void> queued = CompletableFuture.runAsync(() -> {
                try {
                    write(db, next, 40);
                } catch (StoreException e) {
                    throw new RuntimeException(e);
                }
            }, Thread.ofVirtual()::start);
            Await.until(Duration.ofSeconds(30), () -> db.pendingWrites() == 1);
            assertThat(queued).isNotDone();
            release.countDown();
            queued.get(30, TimeUnit.SECONDS);
            assertThat(db.checkpoints()).isEqualTo(1);
            db.commitHook(GroupCommit.Hook.NONE);
            // Continuous writes: each crossing is copied and the next write starts the WAL over.
            long most = 0;
            for (int i = 0; i < 150; i++) { // ~6,000 frames: several thresholds' worth
                write(db, b++, 40);
                most = Math.max(most, frames(probe));
            }
            assertThat(db.checkpoints()).isGreaterThanOrEqualTo(4);
            assertThat(most).isLessThan(WalCheckpoints.PASSIVE_FRAMES + 100);
            Path walFile = file.resolveSibling("t.db-wal");
            assertThat(Files.size(walFile)).isLessThan((WalCheckpoints.PASSIVE_FRAMES + 100) * (4096 + 24) + 32);
            assertThat((long) db.<Long>read(tx -> count(tx.c()))).isEqualTo(b * 40L);
        }
    }

    @Test
    void aReaderKeepsItsSnapshotAndTheWalStartsOverOnceItLetsGo() throws Exception {
        Path file = dir.resolve("t.db");
        try (SqliteDatabase db = new SqliteDialect(file, 0, 0).open(new Doorbells()); Connection probe = probe(file)) {
            write(db, -1, 10);
            CountDownLatch reading = new CountDownLatch(1);
            CountDownLatch letGo = new CountDownLatch(1);
            CompletableFuture<long[]> seen = CompletableFuture.supplyAsync(() -> {
                try {
                    return db.read(tx -> {
                        long before = count(tx.c()); // the snapshot is taken here
                        reading.countDown();
                        try {
                            letGo.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return new long[] {before, count(tx.c())};
                    });
                } catch (StoreException e) {
                    throw new RuntimeException(e);
                }
            }, Thread.ofVirtual()::start);
            assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
            // Writes go on past the RESTART bound while the reader holds its snapshot; checkpoints copy only what
            // the reader does not see (else it would read rows committed after its snapshot from the database file),
            // so the WAL cannot start over meanwhile, and the RESTARTs that wait for the reader are spaced out.
            for (int b = 0; b < 250; b++) write(db, b, 40);
            long grown = frames(probe);
            assertThat(grown).isGreaterThan(WalCheckpoints.RESTART_FRAMES);
            assertThat(db.checkpoints()).isLessThan(250);
            letGo.countDown();
            long[] counts = seen.get(30, TimeUnit.SECONDS);
            assertThat(counts[1]).isEqualTo(counts[0]).isEqualTo(10);
            // The reader gone, the next checkpoint copies everything and the WAL starts over: it stays short.
            write(db, 250, 40);
            write(db, 251, 40);
            long most = 0;
            for (int b = 252; b < 400; b++) {
                write(db, b, 40);
                most = Math.max(most, frames(probe));
            }
            assertThat(most).isLessThan(WalCheckpoints.PASSIVE_FRAMES + 100);
            assertThat((long) db.<Long>read(tx -> count(tx.c()))).isEqualTo(10 + 400 * 40L);
        }
    }

    @Test
    void closingCopiesTheWholeWalIntoTheDatabase() throws Exception {
        Path file = dir.resolve("t.db");
        try (SqliteDatabase db = new SqliteDialect(file, 0, 0).open(new Doorbells())) {
            for (int b = 0; b < 15; b++) write(db, b, 40);
        }
        Path walFile = file.resolveSibling("t.db-wal");
        assertThat(!Files.exists(walFile) || Files.size(walFile) == 0).isTrue();
        try (SqliteDatabase db = new SqliteDialect(file, 0, 0).open(new Doorbells())) {
            assertThat((long) db.<Long>read(tx -> count(tx.c()))).isEqualTo(600);
        }
    }
}
