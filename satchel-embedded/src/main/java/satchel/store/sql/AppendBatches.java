package satchel.store.sql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import satchel.store.AppendResult;
import satchel.store.MailboxId;
import satchel.store.Pending;
import satchel.store.QuotaLimits;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;

/**
 * Group commit of one node's APPENDs into one mailbox, where writers run concurrent transactions (PostgreSQL,
 * issue 12). Writers of one mailbox take turns on its row anyway ({@link PipelinedAppend}), each holding it through
 * its COMMIT's WAL flush; here the APPENDs that queued while one transaction ran go into the next one together:
 * one lock hold, one flush and one set of round trips for all of them.
 *
 * <ul>
 *   <li>No thread of its own: whichever caller awaits first while the mailbox's lane is idle runs the next batch,
 *       everything queued so far in submission order (bounded by {@link #MAX_MESSAGES} and {@link #MAX_BYTES}),
 *       its own APPEND among them. A request nobody awaits yet never holds others up.
 *   <li>Each {@link Pending#await} returns only once the transaction holding its APPEND has committed.
 *   <li>A batch whose transaction fails for a reason one APPEND may own (over quota, too big, the mailbox gone) is
 *       run again one APPEND at a time, in order, so each gets its own answer and the others are stored; a
 *       database that cannot be reached fails the whole batch at once ({@link Kind#UNAVAILABLE}, {@link
 *       #unreachable}): nothing of it was committed, and trying each again would only wait out the outage once per
 *       APPEND.
 *   <li>UIDs ascend in submission order within a batch, and batches commit one after another under the mailbox
 *       row lock, so other sessions never see UID n+1 before UID n.
 * </ul>
 * Thread-safe; one per store.
 */
final class AppendBatches {
    static final int MAX_MESSAGES = 64;
    static final long MAX_BYTES = 16L << 20;

    private final Database db;
    private final Contents contents;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Mailboxes with requests queued or a batch running; a lane goes once it is idle and empty. Keyed by user too:
     * a batch is checked as its first request's user's, so it only ever holds one user's requests.
     */
    private final Map<Key, Lane> lanes = new HashMap<>();

    private record Key(long userId, long mailbox) {}

    AppendBatches(Database db, Contents contents) {
        this.db = db;
        this.contents = contents;
    }

    private final class Lane {
        final ArrayDeque<Request> queue = new ArrayDeque<>();
        final Condition changed = lock.newCondition();
        boolean running;
    }

    /**
     * Queues an APPEND of {@code messages} (not empty) by {@code userId} into {@code mailbox}; if {@code name} is not
     * null, only while the mailbox is still so named ({@link PipelinedAppend.Renamed} otherwise).
     */
    Pending<List<AppendResult>> submit(long userId, MailboxId mailbox, String name, List<Prepared> messages,
                                       Quotas.Delta charge, QuotaLimits quota, long bytes) {
        Request r = new Request(userId, mailbox, name, messages, charge, quota, bytes);
        lock.lock();
        try {
            r.lane = lanes.computeIfAbsent(new Key(userId, mailbox.value()), _ -> new Lane());
            r.lane.queue.add(r);
        } finally {
            lock.unlock();
        }
        return r;
    }

    private final class Request implements Pending<List<AppendResult>> {
        final long userId;
        final MailboxId mailbox;
        final String name;
        final List<Prepared> messages;
        final Quotas.Delta charge;
        final QuotaLimits quota;
        final long bytes;
        Lane lane;
        /** Guarded by {@link #lock}: set once, when the transaction holding this APPEND has ended. */
        boolean done;
        List<AppendResult> result;
        StoreException failure;

        Request(long userId, MailboxId mailbox, String name, List<Prepared> messages, Quotas.Delta charge,
                QuotaLimits quota, long bytes) {
            this.userId = userId;
            this.mailbox = mailbox;
            this.name = name;
            this.messages = messages;
            this.charge = charge;
            this.quota = quota;
            this.bytes = bytes;
        }

        @Override
        public List<AppendResult> await() throws StoreException {
            while (true) {
                List<Request> batch;
                lock.lock();
                try {
                    while (!done && lane.running) lane.changed.awaitUninterruptibly();
                    if (done) {
                        if (failure != null) throw failure;
                        return result;
                    }
                    batch = take(lane);
                    lane.running = true;
                } finally {
                    lock.unlock();
                }
                try {
                    run(batch);
                } finally {
                    lock.lock();
                    try {
                        lane.running = false;
                        if (lane.queue.isEmpty()) lanes.remove(new Key(userId, mailbox.value()), lane);
                        lane.changed.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
            }
        }
    }

    /**
     * The queue's head and whatever follows it within the bounds and expecting the same name (one statement checks
     * one); never empty (this caller's request is queued).
     */
    private static List<Request> take(Lane lane) {
        List<Request> batch = new ArrayList<>();
        int messages = 0;
        long bytes = 0;
        while (!lane.queue.isEmpty()) {
            Request next = lane.queue.peek();
            if (!batch.isEmpty() && (messages + next.messages.size() > MAX_MESSAGES || bytes + next.bytes > MAX_BYTES
                    || !java.util.Objects.equals(next.name, batch.getFirst().name))) {
                break;
            }
            batch.add(lane.queue.poll());
            messages += next.messages.size();
            bytes += next.bytes;
        }
        return batch;
    }

    /** Runs {@code batch} and completes every request in it, whatever happens. */
    private void run(List<Request> batch) {
        Outcome[] outcomes = new Outcome[batch.size()];
        try {
            if (batch.size() == 1) {
                outcomes[0] = alone(batch.getFirst());
            } else {
                try {
                    List<List<AppendResult>> all = together(batch);
                    for (int i = 0; i < batch.size(); i++) outcomes[i] = new Outcome(all.get(i), null);
                } catch (StoreException e) {
                    if (unreachable(e)) {
                        for (int i = 0; i < batch.size(); i++) outcomes[i] = new Outcome(null, e);
                    } else {
                        // Some APPEND of the batch cannot be stored: each on its own, in order, answered for itself.
                        for (int i = 0; i < batch.size(); i++) outcomes[i] = alone(batch.get(i));
                    }
                }
            }
        } catch (RuntimeException bug) {
            StoreException e = new StoreException(Kind.SERVER_BUG, "Internal error", bug);
            for (int i = 0; i < batch.size(); i++) if (outcomes[i] == null) outcomes[i] = new Outcome(null, e);
            throw bug;
        } finally {
            complete(batch, outcomes);
        }
    }

    /**
     * Whether the database could not be reached (connection refused, lost or timed out): nothing in the batch can
     * be stored now. Other failures, UNAVAILABLE ones included ("storage error" for a value PostgreSQL refuses), may
     * belong to one APPEND.
     */
    static boolean unreachable(StoreException e) {
        if (e.kind() != Kind.UNAVAILABLE) return false;
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException) return true;
            if (t instanceof java.sql.SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private record Outcome(List<AppendResult> result, StoreException failure) {}

    private Outcome alone(Request r) {
        try {
            return new Outcome(db.writeGrowing(tx -> {
                tx.ring().add(r.mailbox);
                return PipelinedAppend.append(tx, contents, r.userId, r.mailbox.value(), r.name, r.messages,
                        r.charge, r.quota);
            }, r.bytes), null);
        } catch (StoreException e) {
            return new Outcome(null, e);
        }
    }

    /** One transaction for the whole batch: its messages in order, the quota charged for all of them. */
    private List<List<AppendResult>> together(List<Request> batch) throws StoreException {
        Request first = batch.getFirst();
        List<Prepared> messages = new ArrayList<>();
        Quotas.Delta sum = Quotas.Delta.NONE;
        long bytes = 0;
        for (Request r : batch) {
            messages.addAll(r.messages);
            sum = sum.plus(r.charge);
            bytes += r.bytes;
        }
        Quotas.Delta charge = sum;
        List<AppendResult> uids = db.writeGrowing(tx -> {
            tx.ring().add(first.mailbox);
            return PipelinedAppend.append(tx, contents, first.userId, first.mailbox.value(), first.name, messages,
                    charge, first.quota);
        }, bytes);
        List<List<AppendResult>> out = new ArrayList<>(batch.size());
        int at = 0;
        for (Request r : batch) {
            out.add(List.copyOf(uids.subList(at, at + r.messages.size())));
            at += r.messages.size();
        }
        return out;
    }

    private void complete(List<Request> batch, Outcome[] outcomes) {
        lock.lock();
        try {
            for (int i = 0; i < batch.size(); i++) {
                Request r = batch.get(i);
                Outcome o = outcomes[i] != null ? outcomes[i]
                        : new Outcome(null, new StoreException(Kind.SERVER_BUG, "Internal error"));
                r.result = o.result();
                r.failure = o.failure();
                r.done = true;
            }
        } finally {
            lock.unlock();
        }
    }
}
