package satchel.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import satchel.protocol.SequenceSet;
import satchel.store.Change;
import satchel.store.Hold;
import satchel.store.MailStore;
import satchel.store.MailboxInfo;
import satchel.store.MailboxScan;
import satchel.store.MessageMeta;
import satchel.store.StoreException;
import satchel.store.UserMail;
import satchel.wire.Response;

/**
 * One session's view of its selected mailbox: the UID <-> sequence-number map the client has been told about,
 * cached flags, and this session's \Recent set. The messages are {@link MessageColumns} (a few dozen bytes each),
 * shared with other sessions on the mailbox through {@link SharedColumns} whenever both have caught up to the same
 * modseq; each change makes a new version, so a {@link Selection} taken earlier is unaffected. Other sessions'
 * changes arrive through this node's {@link MailboxFeed} of the mailbox (the store's doorbell, and
 * {@link UserMail#changesSince} read once for every session it woke), and are announced only by
 * {@link #sync}, at the times RFC 3501 §7 allows.
 * Thread-safe: the command thread and the IDLE notifier share it under one lock.
 */
public final class MailboxView implements AutoCloseable {
    private final UserMail mail;
    private final MailboxInfo info;
    private final boolean readOnly;
    private final java.util.function.Supplier<satchel.wire.Settings> settings;
    /**
     * IMAP4rev1 only: RFC 9051 has no \Recent (Appendix E.12), so an IMAP4rev2 session neither claims it (it stays
     * for a rev1 session) nor sends RECENT. Fixed for the view's life: ENABLE is not allowed while selected.
     */
    private final boolean tracksRecent;
    private final ReentrantLock lock = new ReentrantLock();
    private final AutoCloseable watch;
    /** This node's feed of the mailbox: doorbells, and the changesSince reads other sessions share. */
    private final MailboxFeed feed;
    /** Keeps messages expunged by others readable while this client may still ask for them (RFC 2180 §4.1.1). */
    private final Hold hold;
    private final SharedColumns shared;
    /** The messages the client has been told of; replaced whole under the lock, read without it. */
    private volatile MessageColumns cols;
    private volatile RecentUids recent = RecentUids.NONE;
    /** Keywords this client was told of in FLAGS, by case-insensitive key (store.Flags.key); never shrinks. */
    private final Map<String, String> keywords = new HashMap<>();
    /** Expunged by someone else while EXPUNGE responses were not allowed: still numbered for this client. */
    private final Set<Long> pendingExpunge = new TreeSet<>();
    private long modSeq;
    private long uidNext;
    private int announcedCount;
    private int announcedRecent;
    /** An APPEND's claim made messages this view had already announced \Recent: the next sync tells the count. */
    private boolean recentMoved;
    private Set<Long> saved = Set.of();
    private volatile Runnable wake = () -> {};
    /**
     * Set by the doorbell, cleared just before {@link #sync} asks the store: while it stays clear and the store's
     * bells ring before its writes return ({@link MailStore#ringsBeforeReturning}), nothing changed, and sync need
     * not ask (two read transactions saved on every UID FETCH of one message). Starts set: the first sync asks.
     */
    private final java.util.concurrent.atomic.AtomicBoolean rung = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final boolean bellsSuffice;
    /**
     * The number of the last doorbell this view heard ({@link MailboxFeed#bells}): a read begun after it is what
     * {@link #syncAfterBell} needs. {@link Long#MAX_VALUE} until a bell is heard: a read begun after the call.
     */
    private volatile long heardBell = Long.MAX_VALUE;
    /** RFC 5267 updating contexts, if the session has any ({@link SearchContexts}); null costs nothing. */
    private volatile Listener listener;
    /** Messages new or with new flags since the listener was last told; kept only while there is a listener. */
    private final Set<Long> changedForListener = new HashSet<>();

    private MailboxView(UserContext user, MailStore store, MailboxInfo info, boolean readOnly,
                        java.util.function.Supplier<satchel.wire.Settings> settings)
            throws StoreException {
        this.mail = user.mail();
        this.info = info;
        this.readOnly = readOnly;
        this.settings = settings;
        this.tracksRecent = !settings.get().imap4rev2();
        // Subscribe first, then read: a change in between rings the bell and is caught by the next sync. The hold
        // too: from 0 it keeps whatever is expunged before the snapshot is read, then moves up to the snapshot.
        this.bellsSuffice = store.ringsBeforeReturning();
        this.feed = MailboxFeed.acquire(store, user.user().id(), info);
        this.watch = feed.subscribe(() -> {
            heardBell = feed.bells();
            rung.set(true);
        }, () -> wake.run());
        this.hold = store.hold(info.id(), 0);
        this.shared = SharedColumns.acquire(store, info.id(), info.uidValidity());
        try {
            load();
            announcedCount = cols.size();
            announcedRecent = recent.count(cols);
            hold.advance(modSeq);
        } catch (StoreException | RuntimeException e) {
            closeQuietly(watch);
            feed.release();
            hold.close();
            shared.release();
            throw e;
        }
    }

    /**
     * Reads the mailbox in one store read: its head, then every message straight into columns, unless another
     * session shares a version at the head's modseq (every change advances it), so a second session on a big
     * mailbox reads no message at all.
     */
    private void load() throws StoreException {
        Load load = new Load(shared);
        MailboxScan.Head head = mail.scan(info.id(), load);
        modSeq = head.highestModSeq();
        uidNext = head.uidNext();
        for (String k : mail.keywords(info.id())) keywords.putIfAbsent(satchel.store.Flags.key(k), k);
        if (load.found != null) {
            cols = load.found;
        } else {
            cols = shared.offer(load.rows.done(), modSeq);
            for (Set<String> flags : load.rows.distinctFlags()) learnKeywords(flags);
        }
        long firstRecent = !tracksRecent ? Long.MAX_VALUE
                : readOnly ? head.firstRecentUid() : feed.claimRecent(mail, uidNext);
        recent = recent.plus(firstRecent, uidNext);
    }

    /** The store's rows into a column builder; or the shared version, when there is one at the read's modseq. */
    private static final class Load implements MailboxScan {
        private final SharedColumns shared;
        final MessageColumns.Builder rows;
        MessageColumns found;

        Load(SharedColumns shared) {
            this.shared = shared;
            this.rows = MessageColumns.builder(shared.flagSets());
        }

        @Override public boolean wants(Head head) {
            found = shared.at(head.highestModSeq());
            return found == null;
        }

        @Override public void message(long uid, long modSeq, Set<String> flags, long size, long internalDateMillis) {
            rows.add(uid, modSeq, flags, size, internalDateMillis);
        }
    }

    /** {@code settings}: the session's current settings, read at each sync (any thread). */
    static MailboxView open(UserContext user, MailStore store, MailboxInfo info, boolean readOnly,
                            java.util.function.Supplier<satchel.wire.Settings> settings) throws StoreException {
        return new MailboxView(user, store, info, readOnly, settings);
    }

    public MailboxInfo info() { return info; }

    public boolean readOnly() { return readOnly; }

    public int size() {
        return cols.size();
    }

    public long uidNext() {
        lock.lock();
        try { return uidNext; } finally { lock.unlock(); }
    }

    public long highestModSeq() {
        lock.lock();
        try { return modSeq; } finally { lock.unlock(); }
    }

    /** The keywords announced in FLAGS: those of the mailbox at SELECT, and each new one since. */
    public List<String> keywords() {
        lock.lock();
        try { return List.copyOf(keywords.values()); } finally { lock.unlock(); }
    }

    public int recentCount() {
        lock.lock();
        try { return recent.count(cols); } finally { lock.unlock(); }
    }

    /**
     * Told of changes as the client is told of them, under the view's lock (any thread that syncs): what RFC 5267
     * contexts need to send REMOVEFROM before an EXPUNGE (§4.3.4) and ADDTO after EXISTS (§4.3.3).
     */
    interface Listener {
        /** Before the EXPUNGE (or VANISHED) of {@code uids} is queued: their sequence numbers still hold. */
        void expunging(List<Long> uids, Replies out) throws IOException;

        /** After EXISTS and FETCH: these messages are new, or have new flags. */
        void changed(Set<Long> uids, Replies out) throws IOException;
    }

    void listen(Listener l) {
        lock.lock();
        try {
            listener = l;
            changedForListener.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Sequence number of the first message without \Seen, or 0 (SELECT's UNSEEN, RFC 3501 §6.3.1). */
    public int firstUnseen() {
        MessageColumns c = cols;
        FlagSets f = c.flagSets();
        for (int i = 0; i < c.size(); i++) if (!f.seen(c.flagsId(i))) return i + 1;
        return 0;
    }

    /** Whether the client knows a message with this UID in the mailbox (not expunged as far as it was told). */
    boolean shows(long uid) { return cols.indexOf(uid) >= 0; }

    /** The current column version (tests check that sessions share it). */
    MessageColumns columns() { return cols; }

    /**
     * Makes the next {@link #sync} ask the store even if this view's own doorbell has not rung yet: another watcher
     * of the mailbox (NOTIFY's) may hear the same bell first, and sync from its own thread before this view's turn.
     */
    void expectChanges() { rung.set(true); }

    /** Called with the lock free whenever the store reports a change; IDLE installs its wake-up here. */
    void onChange(Runnable r) { wake = r == null ? () -> {} : r; }

    /** One message as numbered for this client. */
    public record Entry(int seq, MessageMeta meta, boolean recent) {}

    /** All entries in sequence order (a fixed version; safe to use while other sessions change the mailbox). */
    public Selection entries() {
        lock.lock();
        try { return Selection.all(cols, recent); } finally { lock.unlock(); }
    }

    /** Thrown for a sequence number the client was never given (RFC 9051 §6.4: BAD). */
    public static final class BadSequence extends Exception {
        BadSequence(String m) { super(m); }
    }

    /**
     * The messages a set names, ascending. Sequence numbers must exist; UIDs that do not are skipped
     * (RFC 3501 §6.4.8). {@code *} is the last message, or for UIDs the highest UID in use.
     */
    public Selection resolve(SequenceSet set, boolean byUid) throws BadSequence {
        lock.lock();
        try {
            MessageColumns c = cols;
            int count = c.size();
            if (set.saved()) return resolveSaved(c);
            if (byUid) return resolveUids(c, set);
            BitSet seqs = null;
            for (SequenceSet.Range r : set.ranges()) {
                if (count == 0) throw new BadSequence("No messages in mailbox");
                SequenceSet.Range n = r.normalized(count);
                if (n.lo() < 1 || n.hi() > count) throw new BadSequence("Invalid message sequence number");
                // One range ("FETCH 7", "1:*"), as a client opening one message sends: the run of positions, not a
                // bit per message of the mailbox (12.5 KiB and two scans per command at 100,000 messages).
                if (set.ranges().size() == 1) return contiguous(c, (int) n.lo() - 1, (int) n.hi());
                if (seqs == null) seqs = new BitSet(count + 1);
                seqs.set((int) n.lo(), (int) n.hi() + 1);
            }
            return selection(c, seqs == null ? new BitSet() : seqs); // no range at all: as before, nothing
        } finally {
            lock.unlock();
        }
    }

    private Selection resolveUids(MessageColumns c, SequenceSet set) {
        int count = c.size();
        long max = count == 0 ? 0 : c.uid(count - 1);
        // One range, as a client opening one message asks (issue 11): two lookups, not a bit per message.
        if (set.ranges().size() == 1) {
            SequenceSet.Range n = set.ranges().getFirst().normalized(max);
            return contiguous(c, lowerBound(c, n.lo()), lowerBound(c, n.hi() == Long.MAX_VALUE ? n.hi() : n.hi() + 1));
        }
        BitSet seqs = new BitSet(count + 1);
        for (SequenceSet.Range r : set.ranges()) {
            SequenceSet.Range n = r.normalized(max);
            int from = lowerBound(c, n.lo());
            int to = lowerBound(c, n.hi() == Long.MAX_VALUE ? n.hi() : n.hi() + 1);
            if (to > from) seqs.set(from + 1, to + 1);
        }
        return selection(c, seqs);
    }

    /** The messages at column indexes [from, to). */
    private Selection contiguous(MessageColumns c, int from, int to) {
        return from == 0 && to == c.size() ? Selection.all(c, recent) : Selection.range(c, recent, from, to);
    }

    /** The set bits (sequence numbers); sets may be large (1:* on a million messages) and cost no entry each. */
    private Selection selection(MessageColumns c, BitSet seqs) {
        int n = seqs.cardinality();
        if (n == c.size()) return Selection.all(c, recent);
        int[] indexes = new int[n];
        int w = 0;
        for (int s = seqs.nextSetBit(1); s >= 0; s = seqs.nextSetBit(s + 1)) indexes[w++] = s - 1;
        return Selection.of(c, recent, indexes);
    }

    private Selection resolveSaved(MessageColumns c) {
        BitSet seqs = new BitSet(c.size() + 1);
        for (long uid : saved) {
            int i = c.indexOf(uid);
            if (i >= 0) seqs.set(i + 1);
        }
        return selection(c, seqs);
    }

    /** RFC 5182 SEARCHRES: remember a result (UIDs) for "$". */
    public void save(Set<Long> result) {
        lock.lock();
        try { saved = Set.copyOf(result); } finally { lock.unlock(); }
    }

    public Set<Long> saved() {
        lock.lock();
        try { return saved; } finally { lock.unlock(); }
    }

    private static int lowerBound(MessageColumns c, long uid) {
        int i = c.indexOf(uid);
        return i >= 0 ? i : -i - 1;
    }

    /** Sequence number of a UID, or 0. */
    public int seqOf(long uid) {
        int i = cols.indexOf(uid);
        return i >= 0 ? i + 1 : 0;
    }

    /**
     * Takes the new state of messages this session changed itself, so sync won't report them back, and announces
     * keywords new to the mailbox before the caller's FETCH shows them.
     */
    public void updated(List<MessageMeta> changed, Replies out) throws IOException {
        lock.lock();
        try {
            boolean newKeywords = false;
            MessageColumns.Editor e = cols.edit();
            for (MessageMeta m : changed) {
                if (cols.indexOf(m.uid()) < 0) continue;
                e.put(m);
                if (listener != null) changedForListener.add(m.uid());
                newKeywords |= learnKeywords(m.flags());
            }
            cols = e.done();
            if (newKeywords) SelectResponses.flags(out, keywords.values(), readOnly);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes messages this session expunged itself and announces each (RFC 3501 §7.4.1: each EXPUNGE
     * renumbers the ones after it, so ascending UIDs give non-decreasing numbers).
     */
    public List<Integer> expunged(List<Long> removed, Replies out, boolean vanished) throws IOException {
        lock.lock();
        try {
            Listener l = listener;
            if (l != null) l.expunging(removed.stream().filter(u -> cols.indexOf(u) >= 0).toList(), out);
            List<Integer> seqs = removeUids(removed);
            announceExpunges(seqs, removed, out, vanished);
            releaseHeld();
            return seqs;
        } finally {
            lock.unlock();
        }
    }

    private void announceExpunges(List<Integer> seqs, List<Long> uidsRemoved, Replies out, boolean vanished) throws IOException {
        if (seqs.isEmpty()) return;
        if (vanished) {
            out.queue(Response.untagged().atom("VANISHED").raw(" " + UidSets.format(uidsRemoved)));
        } else {
            for (int s : seqs) out.queue(Response.untagged().number(s).atom("EXPUNGE"));
        }
        announcedCount -= seqs.size();
        announcedRecent = recent.count(cols);
    }

    /**
     * Removes the UIDs held (ascending) in one new version; the sequence number each had when its turn came, as
     * EXPUNGE responses number them (each renumbers the ones after it).
     */
    private List<Integer> removeUids(List<Long> removed) {
        List<Integer> seqs = new ArrayList<>();
        MessageColumns.Editor e = cols.edit();
        for (long uid : removed) {
            int i = cols.indexOf(uid);
            pendingExpunge.remove(uid);
            if (i < 0) continue;
            seqs.add(i + 1 - seqs.size());
            e.remove(uid);
        }
        if (!seqs.isEmpty()) cols = e.done();
        return seqs;
    }

    /**
     * Brings the client up to date: EXPUNGE (only when {@code allowExpunge}), EXISTS/RECENT, FETCH for flags
     * others changed. Safe to call after every command and from the IDLE notifier.
     */
    public void sync(Replies out, boolean allowExpunge) throws IOException {
        sync(out, allowExpunge, false);
    }

    /**
     * {@link #sync} for an IDLE woken by this view's doorbell: the changes may come from a read begun after that
     * bell rather than after this call (the read the bell itself started, shared by every session it woke), since
     * the bell rang after the commit it tells of. Commands keep {@link #sync}: a client that was answered OK on
     * another node and then asks here must see its change even if the bell is still on its way.
     */
    void syncAfterBell(Replies out) throws IOException {
        sync(out, true, true);
    }

    /** The number of the last doorbell this view heard, for {@link #traced}. */
    long heardBell() {
        return heardBell;
    }

    /** Reports an IDLE's handling of doorbell {@code bell} (debug level only: {@link FanOutTrace}). */
    void traced(long bell, long wokeAt, long syncedAt, long flushedAt) {
        feed.traced(bell, wokeAt, syncedAt, flushedAt);
    }

    private void sync(Replies out, boolean allowExpunge, boolean afterBell) throws IOException {
        lock.lock();
        try {
            Set<Long> flagChanged = new java.util.LinkedHashSet<>();
            boolean newKeywords;
            try {
                // Cleared before asking: a bell during the query is heard by the next sync.
                boolean ask = rung.getAndSet(false) || !bellsSuffice;
                // Where bells ring before writes return, every write answered before this command rang a bell this
                // view heard, after its commit: a read begun after that bell (often the one it started) sees it.
                newKeywords = ask && apply(afterBell || bellsSuffice ? feed.changesSinceBell(mail, modSeq, heardBell)
                        : feed.changesSince(mail, modSeq), flagChanged);
            } catch (StoreException e) {
                rung.set(true);
                return; // the mailbox may be gone (deleted by another session); keep what the client knows
            }
            // Before EXISTS and FETCH, which may show the new keywords (as Dovecot orders them).
            if (newKeywords) SelectResponses.flags(out, keywords.values(), readOnly);
            if (allowExpunge && !pendingExpunge.isEmpty()) {
                List<Long> gone = new ArrayList<>(pendingExpunge);
                if (listener != null) listener.expunging(gone, out);
                announceExpunges(removeUids(gone), gone, out, settings.get().vanished());
            }
            // RECENT goes with new messages only, as Dovecot does; after expunges the client can count itself.
            int count = cols.size();
            if (count != announcedCount) {
                out.queue(Response.untagged().number(count).atom("EXISTS"));
                int recentNow = recent.count(cols);
                if (tracksRecent && (count > announcedCount || recentNow != announcedRecent)) {
                    out.queue(Response.untagged().number(recentNow).atom("RECENT"));
                }
                announcedCount = count;
                announcedRecent = recentNow;
            }
            if (recentMoved) {
                recentMoved = false;
                int recentNow = recent.count(cols);
                if (recentNow != announcedRecent) out.queue(Response.untagged().number(recentNow).atom("RECENT"));
                announcedRecent = recentNow;
            }
            satchel.wire.Settings now = settings.get();
            for (long uid : flagChanged) {
                int i = cols.indexOf(uid);
                if (i >= 0) out.queue(flagsResponse(i + 1, cols.meta(i), recent.contains(uid), now));
            }
            Listener l = listener;
            if (l != null) {
                changedForListener.addAll(flagChanged);
                if (!changedForListener.isEmpty()) {
                    Set<Long> changed = Set.copyOf(changedForListener);
                    changedForListener.clear();
                    l.changed(changed, out);
                }
            }
            // Caught up with the store at modSeq: share the columns with other sessions at the same point.
            if (pendingExpunge.isEmpty()) cols = shared.offer(cols, modSeq);
            releaseHeld();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Once the client has been told of every expunge up to {@link #modSeq}, it can no longer name those messages:
     * the store may let their data go. Caller holds the lock.
     */
    private void releaseHeld() {
        if (pendingExpunge.isEmpty()) hold.advance(modSeq);
    }

    /**
     * Takes in other sessions' changes; true if they bring keywords the client has not been told of. The column
     * edit is shared by every view at the same version with nothing pending ({@link SharedColumns#edited}).
     */
    private boolean apply(List<Change> changes, Set<Long> flagChanged) throws StoreException {
        if (changes.isEmpty()) return false;
        ColumnEdit edit = pendingExpunge.isEmpty() ? shared.edited(cols, changes)
                : ColumnEdit.of(cols, pendingExpunge, changes);
        pendingExpunge.addAll(edit.expunged());
        flagChanged.addAll(edit.flagChanged());
        boolean newKeywords = false;
        for (Set<String> flags : edit.flagsSeen()) newKeywords |= learnKeywords(flags);
        modSeq = Math.max(modSeq, edit.modSeq());
        long newUidNext = uidNext;
        for (MessageMeta m : edit.arrivals()) {
            newUidNext = Math.max(newUidNext, m.uid() + 1);
            if (listener != null) changedForListener.add(m.uid());
        }
        MessageColumns before = cols;
        cols = edit.cols();
        if (!edit.arrivals().isEmpty()) {
            long firstRecent = readOnly || !tracksRecent ? Long.MAX_VALUE : feed.claimRecent(mail, newUidNext);
            // The arrivals are exactly the messages above the old highest UID (RFC 3501 §2.3.2).
            long above = before.size() == 0 ? 0 : before.uid(before.size() - 1) + 1;
            recent = recent.plus(Math.max(firstRecent, above), newUidNext);
        }
        uidNext = newUidNext;
        return newKeywords;
    }

    /**
     * Stores an APPEND by this view's session into {@code target}: where the store can ({@link
     * UserMail#claimsInAppend}) and the session would claim \Recent for the new messages as soon as it learns of them
     * (this mailbox, selected read-write by an IMAP4rev1 session), the claim is taken in the append's own write, and
     * every message in [its first recent UID, new UIDNEXT) is recent here and in no other session. The node's feed
     * learns it, so no session of this node asks the store again; the messages arrive at the next sync as any (RFC
     * 3501 §7.3.1). Otherwise a plain append: EXAMINE never claims, and another mailbox's messages stay for whoever
     * selects it.
     */
    List<satchel.store.AppendResult> append(MailboxInfo target, List<satchel.store.NewMessage> messages)
            throws StoreException {
        if (readOnly || !tracksRecent || !mail.claimsInAppend() || !target.id().equals(info.id())
                || target.uidValidity() != info.uidValidity()) {
            return mail.appendLater(target, messages).await();
        }
        long seen;
        lock.lock();
        try { seen = uidNext; } finally { lock.unlock(); }
        var fold = feed.folding();
        UserMail.Appended stored = null;
        try {
            stored = mail.appendClaiming(target, messages, seen).await();
        } finally {
            // Before this view's lock: a sync of this view waiting for the fold must not hold up its end.
            feed.folded(fold, stored != null && stored.claimed() ? stored.results().getLast().uid() + 1 : 0);
        }
        if (stored.claimed()) {
            long from = stored.recentFrom();
            lock.lock();
            try {
                recent = recent.plus(from, stored.results().getLast().uid() + 1);
                // Seen already (a sync ran while the append was under way) and shown without \Recent: recount.
                if (uidNext > from) recentMoved = true;
            } finally {
                lock.unlock();
            }
        }
        return stored.results();
    }

    /** Adds the keywords among {@code flags} to those announced; true if any was new. */
    private boolean learnKeywords(Set<String> flags) {
        boolean added = false;
        for (String f : flags) {
            if (satchel.store.Flags.isKeyword(f)) added |= keywords.putIfAbsent(satchel.store.Flags.key(f), f) == null;
        }
        return added;
    }

    /**
     * {@code * n FETCH (FLAGS (...))}, with MODSEQ once CONDSTORE is on (RFC 7162 §3.2.4) and UID then or in
     * IMAP4rev2, where every unsolicited FETCH carries it (RFC 9051 Appendix E.21).
     */
    static Response flagsResponse(int seq, MessageMeta m, boolean recent, satchel.wire.Settings settings) {
        Response r = FetchStart.of(seq, m.uid(), settings.uidOnly()).open();
        if ((settings.condstore() || settings.imap4rev2()) && !settings.uidOnly()) r.atom("UID").number(m.uid());
        r.atom("FLAGS").atoms(Flags.withRecent(m.flags(), recent));
        if (settings.condstore()) r.atom("MODSEQ").open().number(m.modSeq()).close();
        return r.close();
    }

    @Override public void close() {
        wake = () -> {};
        closeQuietly(watch);
        feed.release();
        hold.close();
        shared.release();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // a watch that fails to close only costs a wasted doorbell
        }
    }
}
