package satchel.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.sql.Database;

/**
 * Group commit on the one SQLite write connection. With {@code synchronous=FULL} every COMMIT costs an fsync, so
 * one transaction per request caps parallel writers at one request per fsync. Here concurrent requests queue;
 * the first caller to find no leader becomes one: it takes the pending requests (at most {@link #MAX_REQUESTS},
 * about {@link #MAX_BYTES}), runs each in its own SAVEPOINT inside one transaction, commits once, then marks them
 * done. Requests queued meanwhile form the next group, led by one of their own callers once this leader steps
 * down (it does as soon as its own request is done). No worker thread: work runs on a caller's thread.
 *
 * <p>Isolation: a request that throws rolls back only its savepoint and gets its own exception; the others in
 * the group commit. If SQLite dropped the whole transaction (it may on SQLITE_FULL or I/O errors) the requests
 * of the group that had already run fail with that error too, since their work is gone; the rest wait for the
 * next group. A failed COMMIT fails every request of the group. Every request's work runs at most once.
 *
 * <p>Gathering: a request being prepared ({@link #arriving}: an APPEND parsed and compressed on its session's thread)
 * will be queued in a moment. A leader about to take a group waits for such requests, at most {@link #GATHER_NANOS},
 * so that they share its fsync rather than each wait for one of their own. Without it, clients that each wait for
 * their APPEND's OK (4 of them, an fsync of ~5 ms, ~1 ms to prepare a message) met in groups of one and three: the
 * first to be ready led a group alone while the others were still preparing (issue 11). PostgreSQL's commit_delay
 * with commit_siblings is the same idea; here only writes known to be on their way are waited for, so a lone
 * writer never waits.
 *
 * <p>Durability is unchanged: {@link #run} returns (a request is acknowledged) only after the COMMIT that holds it.
 */
final class GroupCommit {
    static final int MAX_REQUESTS = 64;
    static final long MAX_BYTES = 16L << 20;
    /** How long a leader waits at most for requests {@link #arriving} (well under one fsync). */
    static final long GATHER_NANOS = 2_000_000;

    /** Test hook: sees each group just before and just after its COMMIT (on the leader's thread). */
    interface Hook {
        Hook NONE = new Hook() {};

        default void beforeCommit(int requests) {}

        default void afterCommit(int requests) {}
    }

    /** One queued write; the leader fills in result or failure before {@code done}, under {@link #lock}. */
    static final class Request<T> {
        final Database.Work<T> work;
        final Database.Tx tx;
        final long bytes;
        private T result;
        private Throwable failure;
        private boolean done;

        Request(Database.Work<T> work, Database.Tx tx, long bytes) {
            this.work = work;
            this.tx = tx;
            this.bytes = bytes;
        }

        /** The work's result, or its failure rethrown on the caller's thread. */
        T result() throws StoreException {
            switch (failure) {
                case null -> { return result; }
                case StoreException e -> throw e;
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new StoreException(Kind.UNAVAILABLE, "Mail storage error", failure);
            }
        }

        boolean failed() { return failure != null; }
    }

    private final Connection c;
    private final SqliteDialect dialect;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The leader waits here while gathering; signalled when a request is queued or an arrival ends. */
    private final Condition gathering = lock.newCondition();
    /** Requests being prepared, to be queued soon ({@link #arriving}). */
    private int incoming;
    private final ArrayDeque<Request<?>> pending = new ArrayDeque<>();
    /** Nanoseconds the write connection has spent running groups since the start ({@link #busyNanos}). */
    private final LongAdder busy = new LongAdder();
    /** Requests queued that declared no bytes ({@link #rowWrites}); counted under {@link #lock}. */
    private volatile long rowWrites;
    private boolean leading;
    private boolean closed;
    volatile Hook hook = Hook.NONE;
    /** {@link #GATHER_NANOS}; tests lengthen it to see who is waited for without depending on timing. */
    volatile long gatherNanos = GATHER_NANOS;

    GroupCommit(Connection c, SqliteDialect dialect) {
        this.c = c;
        this.dialect = dialect;
    }

    /** Queues {@code r} and returns once it is committed or has failed (see {@link Request#result}). */
    void run(Request<?> r) throws StoreException {
        enqueue(r);
        await(r);
    }

    /**
     * Queues {@code r} without waiting: a leader (another caller's, or this caller's own {@link #await}) takes it
     * into a group in queue order. Requests queued back to back by one caller thus share a commit.
     */
    void enqueue(Request<?> r) throws StoreException {
        lock.lock();
        try {
            if (closed) throw closedException();
            pending.add(r);
            if (r.bytes == 0) rowWrites++; // under the lock: one writer of the field
            gathering.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts a request being prepared until the token is closed (after it is {@link #enqueue queued}, or when its
     * preparation fails). Closing twice counts once.
     */
    Database.Arrival arriving() {
        lock.lock();
        try {
            incoming++;
        } finally {
            lock.unlock();
        }
        return new Database.Arrival() {
            private boolean closed;

            @Override
            public void close() {
                lock.lock();
                try {
                    if (closed) return;
                    closed = true;
                    incoming--;
                    gathering.signal();
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    /** Returns once the {@link #enqueue queued} {@code r} is committed or has failed, leading groups if none leads. */
    void await(Request<?> r) throws StoreException {
        lock.lock();
        try {
            while (!r.done && leading) changed.awaitUninterruptibly();
            if (r.done) return;
            if (closed) {
                pending.remove(r);
                throw closedException();
            }
            leading = true;
        } finally {
            lock.unlock();
        }
        try {
            while (!isDone(r)) {
                List<Request<?>> group = takeGroup();
                long t0 = System.nanoTime();
                try {
                    runGroup(group);
                    busy.add(System.nanoTime() - t0);
                } catch (RuntimeException | Error e) { // a bug or a hook: never leave a caller waiting
                    SqliteDatabase.rollback(c, e);
                    complete(group.stream().filter(q -> !q.done).toList(), List.of(), e);
                    throw e;
                }
            }
        } finally {
            lock.lock();
            try {
                leading = false;
                changed.signalAll(); // a waiter whose request is still pending leads next
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Nanoseconds spent running groups (statements and COMMITs) since the start: how busy the one write connection
     * is, for background work that gives way to others' writes ({@code SearchIndexer}).
     */
    long busyNanos() {
        return busy.sum();
    }

    /**
     * Requests queued since the start that declared no bytes: row updates (flags, expunges, \Recent, COPY, MOVE,
     * mailbox changes), as against APPENDs and other writes that store content ({@code SearchIndexer} sizes its
     * batches by whether such writes queue behind it).
     */
    long rowWrites() {
        return rowWrites;
    }

    /** Requests queued, not yet taken by a leader (for tests). */
    int pending() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** Fails new requests, then waits for the current group to finish; the caller may then close the connection. */
    void close() {
        lock.lock();
        try {
            closed = true;
            while (leading) changed.awaitUninterruptibly();
        } finally {
            lock.unlock();
        }
    }

    private boolean isDone(Request<?> r) {
        lock.lock();
        try {
            return r.done;
        } finally {
            lock.unlock();
        }
    }

    private List<Request<?>> takeGroup() {
        lock.lock();
        try {
            gather();
            List<Request<?>> group = new ArrayList<>();
            long bytes = 0;
            while (!pending.isEmpty() && group.size() < MAX_REQUESTS && (group.isEmpty() || bytes < MAX_BYTES)) {
                Request<?> q = pending.poll();
                bytes += q.bytes;
                group.add(q);
            }
            return group;
        } finally {
            lock.unlock();
        }
    }

    /** Under {@link #lock}: waits (boundedly) while requests are on their way and the group is not full yet. */
    private void gather() {
        long left = gatherNanos;
        while (incoming > 0 && pending.size() < MAX_REQUESTS && !closed && left > 0) {
            try {
                left = gathering.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the group runs now; the caller sees the flag
                return;
            }
        }
    }

    private void runGroup(List<Request<?>> group) {
        List<Request<?>> finished = new ArrayList<>();
        try {
            SqliteDatabase.exec(c, dialect.beginWrite());
        } catch (SQLException e) {
            complete(group, List.of(), dialect.translate(e));
            return;
        }
        List<Request<?>> ran = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            Request<?> q = group.get(i);
            if (runOne(q)) {
                ran.add(q);
            } else if (q.failed() && !rollbackTo()) {
                // SQLite dropped the whole transaction (or it cannot be trusted any more): what ran is gone, what
                // did not run waits for the next group. ROLLBACK in case it is still open; it usually is not.
                try {
                    SqliteDatabase.exec(c, "ROLLBACK");
                } catch (SQLException ignored) {
                    // no transaction left: the usual case
                }
                finished.add(q);
                complete(finished, group.subList(i + 1, group.size()), null);
                complete(ran, List.of(), q.failure);
                return;
            } else {
                finished.add(q);
            }
        }
        hook.beforeCommit(group.size());
        try {
            SqliteDatabase.exec(c, "COMMIT");
        } catch (SQLException e) {
            SqliteDatabase.rollback(c, e);
            StoreException f = dialect.translate(e);
            finished.addAll(ran);
            complete(finished, List.of(), f);
            return;
        }
        hook.afterCommit(group.size());
        finished.addAll(ran);
        complete(finished, List.of(), null);
    }

    /** Runs one request in its own savepoint; false if it failed (its failure is set, its savepoint still open). */
    private boolean runOne(Request<?> q) {
        try {
            SqliteDatabase.exec(c, "SAVEPOINT request");
        } catch (SQLException e) {
            q.failure = dialect.translate(e);
            return false;
        }
        try {
            set(q);
            SqliteDatabase.exec(c, "RELEASE request");
            return true;
        } catch (SQLException e) {
            q.failure = dialect.translate(e);
        } catch (StoreException | RuntimeException | Error e) {
            q.failure = e;
        }
        q.tx.ring().clear();
        return false;
    }

    private static <T> void set(Request<T> q) throws SQLException, StoreException {
        q.result = q.work.run(q.tx);
    }

    /** Undoes the failed request; false if there was no transaction left to roll back into. */
    private boolean rollbackTo() {
        try {
            SqliteDatabase.exec(c, "ROLLBACK TO request");
            SqliteDatabase.exec(c, "RELEASE request");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Marks {@code done} finished (with {@code failure} for those without a failure of their own, if given) and
     * puts {@code again} back at the head of the queue, in order.
     */
    private void complete(List<Request<?>> done, List<Request<?>> again, Throwable failure) {
        lock.lock();
        try {
            for (Request<?> q : done) {
                if (failure != null && q.failure == null) {
                    q.failure = failure;
                    q.result = null;
                    q.tx.ring().clear();
                }
                q.done = true;
            }
            for (int i = again.size() - 1; i >= 0; i--) pending.addFirst(again.get(i));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static StoreException closedException() {
        return new StoreException(Kind.UNAVAILABLE, "Mail store is closed");
    }
}
