package satchel.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WAL checkpoints on the one write connection, between its groups ({@link GroupCommit}) rather than inside a COMMIT.
 * SQLite's automatic checkpoint runs inside the COMMIT that crosses {@code wal_autocheckpoint}, so every request of
 * that group, and every one queued behind it, waited for the copy: on an APPEND load such commits were half of the
 * writer's COMMIT time (issue 11). Here the writer's automatic checkpoint is off; after each COMMIT, once its
 * requests are answered, the writer reads the WAL's length ({@code PRAGMA wal_checkpoint(NOOP)}: no copy, no lock a
 * reader takes) and, past {@link #PASSIVE_FRAMES}, copies it with the same PASSIVE checkpoint SQLite would have run,
 * before the next group. The rule is SQLite's own (a checkpoint after every commit while the WAL holds that many
 * frames and some are not yet copied), so there are as many checkpoints as before. No other connection writes, so
 * the PASSIVE copies everything no reader still needs and the next write starts the WAL over.
 *
 * <p>A reader that holds a snapshot from before the copy keeps the WAL from starting over; past
 * {@link #RESTART_FRAMES} the checkpoint is a RESTART, which waits up to {@link #RESTART_WAIT_MS} for such readers
 * (reads are one store operation each) and then starts the WAL over itself. If they outlast it, it has copied what
 * a PASSIVE would, and the next RESTART waits until another {@link #PASSIVE_FRAMES} frames have been written, so a long read costs
 * the writer one short wait per thousand frames rather than one per group.
 *
 * <p>Durability does not depend on checkpoints: every committed frame is fsynced in the WAL before its COMMIT
 * returns ({@code synchronous=FULL}), and a checkpoint fsyncs the database file before the WAL may start over, so a
 * kill -9 at any instant leaves each committed frame in one of the two. A checkpoint that fails (the database file
 * cannot grow on a full disk) leaves the frames in the WAL and is tried again after the next commit. Closing the
 * store copies and removes the WAL as before (SQLite does it when the last connection closes).
 */
final class WalCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpoints.class);
    /** SQLite's default {@code wal_autocheckpoint}: the same checkpoints as before, only after the answers. */
    static final long PASSIVE_FRAMES = 1_000;
    static final long RESTART_FRAMES = 8 * PASSIVE_FRAMES;
    static final int RESTART_WAIT_MS = 100;

    private final Connection c;
    private final AtomicLong checkpoints = new AtomicLong();
    /** The WAL's length in frames after the last COMMIT, as {@link #due} read it. */
    private long frames;
    /** The WAL's length at which the next checkpoint is a RESTART. */
    private long restartAt = RESTART_FRAMES;
    private boolean off;
    private long lastFailureLog;

    /** {@code writer}: the one write connection; its own automatic checkpoint is turned off here. */
    WalCheckpoints(Connection writer) throws SQLException {
        this.c = writer;
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = 0");
        }
    }

    /**
     * After a COMMIT, on the write connection: true if a checkpoint should run before the next group. If the WAL's
     * length cannot be read (a SQLite without the NOOP mode), SQLite's automatic checkpoint is turned back on.
     */
    boolean due() {
        if (off) return false;
        try (PreparedStatement s = c.prepareStatement("PRAGMA wal_checkpoint(NOOP)"); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) return false;
            frames = rs.getLong(2);
            return frames >= PASSIVE_FRAMES && rs.getLong(3) < frames;
        } catch (SQLException e) {
            off = true;
            LOG.warn("Cannot read the WAL's length ({}); SQLite checkpoints it inside COMMITs again", e.getMessage());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_autocheckpoint = " + PASSIVE_FRAMES);
            } catch (SQLException again) {
                LOG.warn("Cannot turn SQLite's automatic checkpoint back on: {}", again.getMessage());
            }
            return false;
        }
    }

    /** Runs the checkpoint {@link #due} asked for, on the write connection while no group runs. */
    void run() {
        if (frames < RESTART_FRAMES) restartAt = RESTART_FRAMES;
        try {
            if (frames >= restartAt) {
                try {
                    busyTimeout(RESTART_WAIT_MS);
                    // Busy after the wait: it copied what it could, like a PASSIVE.
                    if (!checkpoint("RESTART")) restartAt = frames + PASSIVE_FRAMES;
                } finally {
                    busyTimeout(SqliteDialect.BUSY_TIMEOUT_MS);
                }
                return;
            }
            checkpoint("PASSIVE");
        } catch (SQLException e) {
            long now = System.nanoTime();
            if (lastFailureLog == 0 || now - lastFailureLog > TimeUnit.MINUTES.toNanos(1)) {
                lastFailureLog = now;
                LOG.warn("WAL checkpoint failed; the WAL keeps the commits and it is tried again: {}", e.getMessage());
            }
        }
    }

    /** Checkpoints run (for tests). */
    long count() {
        return checkpoints.get();
    }

    /** One checkpoint; true if it copied the whole WAL (busy 0, every frame copied). */
    private boolean checkpoint(String mode) throws SQLException {
        checkpoints.incrementAndGet();
        try (PreparedStatement s = c.prepareStatement("PRAGMA wal_checkpoint(" + mode + ")");
                ResultSet rs = s.executeQuery()) {
            // One row: busy (1 if it could not finish), frames in the WAL, frames copied.
            return rs.next() && rs.getInt(1) == 0 && rs.getLong(2) == rs.getLong(3);
        }
    }

    private void busyTimeout(int ms) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + ms);
        }
    }
}
