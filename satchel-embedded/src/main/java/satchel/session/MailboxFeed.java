package satchel.session;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.store.Change;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;
import satchel.store.MailboxStatus;
import satchel.store.StoreException;
import satchel.store.UserId;
import satchel.store.UserMail;

/**
 * What the sessions of this node that watch one mailbox share: one doorbell subscription to the store, fanned
 * out to each of them, and the reads a doorbell sets off. When a change rings (in process, or from another node
 * through PostgreSQL's LISTEN/NOTIFY), every idling session asks for the changes since its own modseq; the feed
 * turns those thousand questions into one or two {@link UserMail#changesSince} reads from the oldest modseq asked
 * ({@link SharedRead}: only reads begun after the question, so a session still sees every change committed before
 * it asked), and each session keeps its own position, taking the part of the result it has not seen. The same goes
 * for the STATUS that NOTIFY compares (RFC 5465 §5.2-5.4) and for claiming \Recent (RFC 3501 §2.3.2).
 *
 * <p>The doorbell itself starts the {@code changesSince} read, from the highest modseq the feed has seen, and
 * wakes the idling sessions only when it is done: a session woken by that bell takes any read begun after it
 * ({@link #changesSinceBell}), so they all share it, finished, instead of queueing for a second one or waking only
 * to wait for it. A session further behind (its modseq below the read's) reads as before.
 *
 * <p>Entries live while a session holds them (counted), keyed by store, user, mailbox and UIDVALIDITY, as
 * {@link SharedColumns}. Only the store's interfaces are used, so every backend gets the same fan-out. Thread-safe.
 */
final class MailboxFeed {
    private record Key(MailStore store, UserId user, MailboxId mailbox, long uidValidity) {}

    private static final Logger LOG = LoggerFactory.getLogger(MailboxFeed.class);
    private static final Map<Key, MailboxFeed> OPEN = new ConcurrentHashMap<>();

    private final Key key;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AutoCloseable watch;
    /** Doorbells heard so far; counted before the subscribers hear each, so a read that began later saw its change. */
    private final AtomicLong bells = new AtomicLong();
    private final SharedRead<List<Change>> changes = new SharedRead<>(bells::get);
    /** The highest modseq a caller asked from or a read reached: where a doorbell's own read starts. -1: none yet. */
    private final AtomicLong top = new AtomicLong(-1);
    /** The user's mail as the last caller passed it: what a doorbell's own read reads through. */
    private volatile UserMail reader;
    private final SharedRead<MailboxStatus> status = new SharedRead<>();
    /** Every UID below this is no longer \Recent in the store: claimed through this node. Grows only. */
    private volatile long claimed;
    /** The claim under way, if any (guarded by this): others wait for it together rather than queue on a lock. */
    private CompletableFuture<Void> claiming;
    /** The UIDNEXT the claim under way claims up to (guarded by this). */
    private long claimingUpTo;
    /** APPENDs under way that may claim in their own write ({@link #folding}). */
    private final java.util.Set<CompletableFuture<Void>> folds = ConcurrentHashMap.newKeySet();
    private int users;
    /** The last bell's fan-out timing, at debug level only ({@link FanOutTrace}); null otherwise. */
    private volatile FanOutTrace trace;

    private MailboxFeed(Key key) {
        this.key = key;
        this.watch = key.store().watch(key.mailbox(), this::ring);
    }

    /** The feed of this mailbox, counting the caller as a user until {@link #release}. */
    static MailboxFeed acquire(MailStore store, UserId user, MailboxInfo mailbox) {
        return OPEN.compute(new Key(store, user, mailbox.id(), mailbox.uidValidity()), (k, v) -> {
            MailboxFeed f = v == null ? new MailboxFeed(k) : v;
            f.users++; // inside compute: serialised with release for this key
            return f;
        });
    }

    void release() {
        OPEN.computeIfPresent(key, (_, v) -> {
            if (--v.users > 0) return v;
            try {
                v.watch.close();
            } catch (Exception ignored) {
                // a watch that fails to close only costs a wasted doorbell
            }
            return null;
        });
    }

    /** One subscriber: told of each bell at once, and woken once the bell's own read is done. */
    private record Subscriber(Runnable heard, Runnable wake) {}

    /**
     * Calls {@code doorbell} (on a store thread, quickly, never blocking) after each committed change of the mailbox,
     * until the returned handle is closed. Subscribe before reading, so a change in between rings.
     */
    AutoCloseable subscribe(Runnable doorbell) {
        return subscribe(doorbell, () -> {});
    }

    /**
     * As {@link #subscribe(Runnable)}, and calls {@code wake} (quickly, never blocking) once the read the bell started
     * is done, or failed, or at once if the bell starts none: a session that then reads takes that finished read
     * ({@link #changesSinceBell}) instead of waking only to wait for it. {@code heard} still runs at once, so a
     * command right after a write sees it.
     */
    AutoCloseable subscribe(Runnable heard, Runnable wake) {
        Subscriber s = new Subscriber(heard, wake);
        subscribers.add(s);
        return () -> subscribers.remove(s);
    }

    /** The doorbells heard so far: a subscriber that reads this in its doorbell gets at least its own bell's number. */
    long bells() {
        return bells.get();
    }

    private void ring() {
        long bell = bells.incrementAndGet();
        UserMail mail = reader;
        long from = top.get();
        if (LOG.isDebugEnabled()) {
            FanOutTrace before = trace;
            if (before != null) before.log(LOG); // what reported of the last bell, if some never did
            trace = new FanOutTrace(bell, key.mailbox().value(), subscribers.size());
        }
        LOG.debug("Bell {} of mailbox {}: {} sessions", bell, key.mailbox().value(), subscribers.size());
        for (Subscriber s : subscribers) {
            try {
                s.heard().run();
            } catch (RuntimeException ignored) {
                // one subscriber's failure is its own: the others still hear the bell
            }
        }
        // Until a session has asked, the feed knows no modseq to read from. Otherwise the sessions are woken once the
        // read is done, not while it runs: woken at once, a thousand of them would only run to wait for it, and
        // the read's own round trips would queue behind them for the two cores (the cross-node IDLE tail).
        if (mail == null || from < 0 || subscribers.isEmpty()) {
            wake(bell);
            return;
        }
        Thread.ofVirtual().name("feed-read").start(() -> {
            try {
                changesSinceBell(mail, from, bell); // a session's read begun since does as well
            } catch (StoreException | RuntimeException e) {
                LOG.debug("Doorbell read of mailbox {} failed: {}", key.mailbox().value(), e.toString());
            }
            wake(bell); // also after a failure: each session then reads, and handles the failure, itself
        });
    }

    private void wake(long bell) {
        LOG.debug("Bell {} of mailbox {}: waking {} sessions", bell, key.mailbox().value(), subscribers.size());
        for (Subscriber s : subscribers) {
            try {
                s.wake().run();
            } catch (RuntimeException ignored) {
                // as above
            }
        }
    }

    /** {@link UserMail#changesSince} of this mailbox as of a read begun after this call, from {@code modSeq} on. */
    List<Change> changesSince(UserMail mail, long modSeq) throws StoreException {
        return changesSinceBell(mail, modSeq, Long.MAX_VALUE);
    }

    /**
     * {@link UserMail#changesSince} of this mailbox from {@code modSeq} on, as of a read begun after doorbell number
     * {@code bell} rang ({@link #bells}; {@link Long#MAX_VALUE}: after this call). For a session that a doorbell
     * woke: everything committed before the bell is in any such read (RFC 2177: the idler hears of it), and what
     * committed since rings again.
     */
    List<Change> changesSinceBell(UserMail mail, long modSeq, long bell) throws StoreException {
        reader = mail;
        top.accumulateAndGet(modSeq, Math::max);
        SharedRead.Read<List<Change>> read = from -> {
            long t0 = System.nanoTime();
            List<Change> got = mail.changesSince(key.mailbox(), from);
            if (!got.isEmpty()) top.accumulateAndGet(got.getLast().modSeq(), Math::max);
            FanOutTrace t = trace;
            if (t != null && t.bell() == bell) t.read(t0, System.nanoTime());
            LOG.debug("changesSince of mailbox {} from {}: {} changes in {} us", key.mailbox().value(), from,
                    got.size(), (System.nanoTime() - t0) / 1000);
            return got;
        };
        List<Change> all = bell == Long.MAX_VALUE ? changes.get(modSeq, read) : changes.getSince(bell, modSeq, read);
        // In modseq order (ChangeOrder): this caller's part is a tail of what the oldest caller needed.
        int lo = 0;
        int hi = all.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (all.get(mid).modSeq() > modSeq) hi = mid;
            else lo = mid + 1;
        }
        return lo == 0 ? all : all.subList(lo, all.size());
    }

    /** Reports one IDLE session's handling of bell number {@code bell} (debug level: {@link FanOutTrace}). */
    void traced(long bell, long wokeAt, long syncedAt, long flushedAt) {
        FanOutTrace t = trace;
        if (t != null && t.bell() == bell) t.session(wokeAt, syncedAt, flushedAt, LOG);
    }

    /** {@link UserMail#status} of this mailbox as of a read begun after this call. */
    MailboxStatus status(UserMail mail) throws StoreException {
        return status.get(0, _ -> mail.status(key.mailbox()));
    }

    /**
     * {@link UserMail#claimRecent}, asking the store only when no session of this node has claimed up to
     * {@code uidNext} yet: the store's first recent UID only grows, so once this node claimed that far the store
     * would answer at least {@code uidNext}, which gives the caller no \Recent message; this answers that. One claim
     * at a time: a thousand sessions woken by one APPEND make one row-locking write. A caller whose UIDNEXT the claim
     * under way covers does not wait for it: whether it succeeds or fails, none of those messages is \Recent for
     * this caller (if it fails, no session has claimed them and a later one may), so only the claiming session
     * waits for the write, and the others announce EXISTS at once.
     */
    long claimRecent(UserMail mail, long uidNext) throws StoreException {
        boolean awaited = false;
        while (true) {
            long known = claimed;
            if (known >= uidNext) return known;
            CompletableFuture<Void> other;
            CompletableFuture<Void> mine = null;
            synchronized (this) {
                other = claiming;
                if (other != null && claimingUpTo >= uidNext) return claimingUpTo;
            }
            if (!awaited && !folds.isEmpty()) {
                awaitFolds(); // they may claim these messages; then look again
                awaited = true;
                continue;
            }
            synchronized (this) {
                other = claiming;
                if (other != null && claimingUpTo >= uidNext) return claimingUpTo;
                if (other == null) {
                    claiming = mine = new CompletableFuture<>();
                    claimingUpTo = uidNext;
                }
            }
            if (mine != null) return claimInStore(mail, uidNext, mine);
            try {
                other.get(); // then look again: it may have claimed less than this caller needs
            } catch (ExecutionException e) {
                // The store failed that claim a moment ago: fail too, rather than a thousand retries during an outage.
                if (e.getCause() instanceof StoreException s) throw new StoreException(s.kind(), s.getMessage(), s);
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "Interrupted while claiming \\Recent", e);
            }
        }
    }

    /**
     * An APPEND by a session of this node that may take the claim in its own write ({@link UserMail#appendClaiming})
     * is about to be queued: until {@link #folded}, a session that learns of new messages waits for it before it
     * claims in the store itself, since the APPEND may claim them too (others' messages it has not seen included).
     * That wait is never longer than its own claim's would be: the APPEND was queued to the same writer first.
     */
    CompletableFuture<Void> folding() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        folds.add(f);
        return f;
    }

    /** The APPEND {@code fold} stands for is done; it claimed every UID below {@code upTo} (0: it claimed none). */
    void folded(CompletableFuture<Void> fold, long upTo) {
        if (upTo > 0) {
            synchronized (this) {
                claimed = Math.max(claimed, upTo);
            }
        }
        folds.remove(fold);
        fold.complete(null);
    }

    /** Waits for the APPENDs under way now that may claim in their own write (once: later ones are not awaited). */
    private void awaitFolds() throws StoreException {
        try {
            CompletableFuture.allOf(folds.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // never: folds complete normally
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "Interrupted while claiming \\Recent", e);
        }
    }

    private long claimInStore(UserMail mail, long uidNext, CompletableFuture<Void> mine) throws StoreException {
        try {
            long t0 = System.nanoTime();
            long previous = mail.claimRecent(key.mailbox(), uidNext);
            LOG.debug("\\Recent claim of mailbox {} up to {} in {} us", key.mailbox().value(), uidNext,
                    (System.nanoTime() - t0) / 1000);
            synchronized (this) {
                claimed = Math.max(claimed, Math.max(previous, uidNext));
                claiming = null;
            }
            mine.complete(null);
            return previous;
        } catch (StoreException | RuntimeException e) {
            synchronized (this) {
                claiming = null;
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }
}
