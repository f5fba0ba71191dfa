package satchel.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import satchel.store.Doorbells;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.sql.Database;
import satchel.store.sql.Schema;

/**
 * Connections to one SQLite database. SQLite has one writer at a time, so writes share one connection; concurrent
 * writes are committed in groups ({@link GroupCommit}), each in its own savepoint, one fsync per group. Reads take
 * one of a few read connections and see a consistent WAL snapshot. A write returns after the commit that holds it;
 * its doorbells ring then, on the caller's thread, outside every lock.
 */
final class SqliteDatabase implements Database {
    private static final int READERS = 4;

    private final SqliteDialect dialect;
    private final Doorbells doorbells;
    private final Connection writer;
    private final GroupCommit group;
    /**
     * Idle read connections, the last one given back handed out first: one session's reads (a body FETCH after
     * another) keep using the connection whose page cache and statements are warm, and the others stay idle.
     */
    private final BlockingDeque<Connection> readers = new LinkedBlockingDeque<>(READERS);
    private final List<Connection> all = new ArrayList<>();
    private volatile boolean closed;
    private final DiskReserve reserve;

    SqliteDatabase(SqliteDialect dialect, Doorbells doorbells) throws SQLException {
        this.dialect = dialect;
        Path file = dialect.file();
        this.reserve = new DiskReserve(file.resolveSibling(file.getFileName() + ".reserve"), dialect.reserveBytes());
        reserve.ensure(); // best effort: a disk already full still opens, and deleting still works
        this.doorbells = doorbells;
        Connection w = dialect.connect(true);
        all.add(w);
        try {
            Schema.migrate(w, dialect);
            // After the migration: its statements run once, the store's again and again (StatementCache).
            this.writer = StatementCache.wrap(w);
            all.set(0, writer);
            group = new GroupCommit(writer, dialect);
            for (int i = 0; i < READERS; i++) {
                Connection r = StatementCache.wrap(dialect.connect(false));
                all.add(r);
                readers.add(r);
            }
        } catch (SQLException | RuntimeException e) {
            for (Connection c : all) closeQuietly(c);
            throw e;
        }
    }

    /**
     * Runs {@code work} in a transaction, possibly shared with concurrent writes (but in its own savepoint, so its
     * failure is its own). {@code bytes}: about how much it writes, to bound a group's size.
     */
    @Override
    public <T> T write(Work<T> work, long bytes) throws StoreException {
        ensureOpen();
        // No row locks: there is one writer, so a transaction's reads are its own until it commits.
        var r = new GroupCommit.Request<>(work, new Tx(writer, new LinkedHashSet<>(), ""), bytes);
        group.run(r);
        T result = r.result();
        doorbells.ring(r.tx.ring());
        return result;
    }

    /**
     * {@link #writeGrowing} queued now: the writes a caller queues before awaiting the first go into the same group
     * (unless it is full), so one session's pipelined APPENDs share a commit. Acknowledged only once awaited.
     */
    @Override
    public <T> satchel.store.Pending<T> submitGrowing(Work<T> work, long bytes) {
        var r = new GroupCommit.Request<>(work, new Tx(writer, new LinkedHashSet<>(), ""), bytes);
        StoreException refused = null;
        try {
            ensureOpen();
            if (!reserve.ensure()) throw new StoreException(Kind.UNAVAILABLE, "Mail storage is full (disk full)");
            group.enqueue(r);
        } catch (StoreException e) {
            refused = e;
        }
        StoreException failure = refused;
        return () -> {
            if (failure != null) throw failure;
            group.await(r);
            T result = r.result();
            doorbells.ring(r.tx.ring());
            return result;
        };
    }

    @Override
    public Arrival arriving() {
        return group.arriving();
    }

    /**
     * A write that needs room (APPEND, COPY): refused as "disk full" while the reserve is given up and cannot be
     * made again, so the room left goes to deleting mail.
     */
    @Override
    public <T> T writeGrowing(Work<T> work, long bytes) throws StoreException {
        if (!reserve.ensure()) throw new StoreException(Kind.UNAVAILABLE, "Mail storage is full (disk full)");
        return write(work, bytes);
    }

    /**
     * A write that frees room or only updates rows (flags, expunge, \Recent, DELETE): if the disk is full, the
     * reserve is given up and the write tried once more.
     */
    @Override
    public <T> T writeFreeing(Work<T> work) throws StoreException {
        try {
            return write(work, 0);
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException se && dialect.isFull(se)) || !reserve.release()) throw e;
            return write(work, 0);
        }
    }

    @Override
    public long writerBusyNanos() {
        return group.busyNanos();
    }

    @Override
    public long rowWrites() {
        return group.rowWrites();
    }

    /** For tests: observe commits, and count writes queued behind the current group. */
    void commitHook(GroupCommit.Hook hook) {
        group.hook = hook;
    }

    void gatherNanos(long nanos) {
        group.gatherNanos = nanos;
    }

    int pendingWrites() {
        return group.pending();
    }

    @Override
    public SqliteDialect dialect() {
        return dialect;
    }

    @Override
    public <T> T read(Work<T> work) throws StoreException {
        return onReader(c -> inTransaction(c, dialect.beginRead(), new Tx(c, new LinkedHashSet<>(), ""), work));
    }

    /**
     * One statement needs no BEGIN and COMMIT around it: in autocommit SQLite reads it from one WAL snapshot, taken
     * when it starts stepping and let go when it is reset (the statement cache resets on close). Two statements fewer
     * for each single-message read (a body FETCH, issue 11).
     */
    @Override
    public <T> T readOne(Work<T> work) throws StoreException {
        return onReader(c -> {
            try {
                return work.run(new Tx(c, new LinkedHashSet<>(), ""));
            } catch (SQLException e) {
                throw dialect.translate(e);
            }
        });
    }

    private interface OnReader<T> {
        T run(Connection c) throws StoreException;
    }

    /** Runs {@code use} on a read connection, taken from the pool and given back. */
    private <T> T onReader(OnReader<T> use) throws StoreException {
        ensureOpen();
        Connection c;
        try {
            c = readers.takeFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(Kind.UNAVAILABLE, "Interrupted", e);
        }
        try {
            ensureOpen();
            return use.run(c);
        } finally {
            readers.addFirst(c);
        }
    }

    private <T> T inTransaction(Connection c, String begin, Tx tx, Work<T> work) throws StoreException {
        try {
            exec(c, begin);
        } catch (SQLException e) {
            throw dialect.translate(e);
        }
        try {
            T result = work.run(tx);
            exec(c, "COMMIT");
            return result;
        } catch (SQLException e) {
            rollback(c, e);
            throw dialect.translate(e);
        } catch (StoreException | RuntimeException | Error e) {
            rollback(c, e);
            throw e;
        }
    }

    /** Prepared, not a plain Statement: BEGIN, SAVEPOINT, RELEASE and COMMIT are then kept ({@link StatementCache}). */
    static void exec(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.execute();
        }
    }

    static void rollback(Connection c, Throwable cause) {
        try {
            exec(c, "ROLLBACK");
        } catch (SQLException e) {
            // Also when SQLite has already rolled back by itself (SQLITE_FULL may do that); keep the first error.
            cause.addSuppressed(e);
        }
    }

    private void ensureOpen() throws StoreException {
        if (closed) throw new StoreException(Kind.UNAVAILABLE, "Mail store is closed");
    }

    @Override
    public void close() {
        closed = true;
        if (group != null) group.close();
        try {
            // Wait (boundedly) for reads in flight to hand their connections back before closing them.
            for (int i = 0; i < READERS; i++) {
                if (readers.poll(5, TimeUnit.SECONDS) == null) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Connection c : all) closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Nothing uncommitted can be lost: every write has committed or rolled back.
        }
    }
}
