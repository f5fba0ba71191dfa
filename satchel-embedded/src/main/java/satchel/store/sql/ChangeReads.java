package satchel.store.sql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import satchel.store.Change;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;

/**
 * The check every session in a selected mailbox makes after each command ({@code changesSince}), shared by the
 * sessions of one node that ask at the same moment, where each statement is a network round trip (PostgreSQL,
 * issue 12): one statement in flight at a time, and whatever was asked while it ran goes into the next one
 * together ({@link Messages#changesSinceCheckedMany}). In the 50-client mixed load this check was a quarter of all
 * statements.
 *
 * <p>Each answer comes from a statement sent after its question was asked, so it sees every change committed
 * before it (through any node): what a client was answered OK for elsewhere before this command shows here, as
 * with a read of its own. No thread of its own: whichever caller finds no statement running sends the next one,
 * its own question among them (the same turn-taking as {@link AppendBatches}). Thread-safe; one per store.
 */
final class ChangeReads {
    /** At most this many questions per statement. */
    static final int MAX = 128;

    private final Database db;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    /** Guarded by {@link #lock}: a statement is on its way. */
    private boolean running;

    ChangeReads(Database db) {
        this.db = db;
    }

    private static final class Request {
        final Messages.ChangeQuery query;
        /** Guarded by the lock: set once, when the statement holding this question has answered or failed. */
        boolean done;
        Optional<List<Change>> result;
        StoreException failure;

        Request(Messages.ChangeQuery query) {
            this.query = query;
        }
    }

    /**
     * The changes of the user's mailbox after {@code since}, as {@link Messages#changesSinceChecked} gives them
     * (empty if the mailbox is not the user's or not selectable), from a statement sent after this call.
     */
    Optional<List<Change>> changesSince(long userId, long mailboxId, long since) throws StoreException {
        Request mine = new Request(new Messages.ChangeQuery(userId, mailboxId, since));
        lock.lock();
        try {
            queue.add(mine);
        } finally {
            lock.unlock();
        }
        while (true) {
            List<Request> batch = new ArrayList<>();
            lock.lock();
            try {
                while (!mine.done && running) finished.awaitUninterruptibly();
                if (mine.done) {
                    if (mine.failure != null) throw mine.failure;
                    return mine.result;
                }
                while (!queue.isEmpty() && batch.size() < MAX) batch.add(queue.poll());
                running = true;
            } finally {
                lock.unlock();
            }
            try {
                run(batch);
            } finally {
                lock.lock();
                try {
                    running = false;
                    finished.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Answers every question of {@code batch}, whatever happens. */
    private void run(List<Request> batch) {
        List<Optional<List<Change>>> answers = null;
        StoreException failure = null;
        try {
            List<Messages.ChangeQuery> qs = batch.stream().map(r -> r.query).toList();
            answers = db.readOne(tx -> Messages.changesSinceCheckedMany(tx.c(), qs));
        } catch (StoreException e) {
            failure = e;
        } catch (RuntimeException bug) {
            failure = new StoreException(Kind.SERVER_BUG, "Internal error", bug);
            throw bug;
        } finally {
            lock.lock();
            try {
                // The database cannot be reached: those who asked meanwhile get that answer too, rather than each
                // batch after this one waiting out the same outage in turn (NO [UNAVAILABLE], not a hang).
                if (failure != null && AppendBatches.unreachable(failure)) {
                    batch = new ArrayList<>(batch);
                    while (!queue.isEmpty()) batch.add(queue.poll());
                }
                for (int i = 0; i < batch.size(); i++) {
                    Request r = batch.get(i);
                    if (answers != null && i < answers.size()) r.result = answers.get(i);
                    else r.failure = failure != null ? failure : new StoreException(Kind.SERVER_BUG, "Internal error");
                    r.done = true;
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
