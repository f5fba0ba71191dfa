package satchel.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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
import satchel.store.MailboxSnapshot;
import satchel.store.MessageMeta;
import satchel.store.StoreException;
import satchel.store.UserMail;
import satchel.wire.Response;

/**
 * One session's view of its selected mailbox: the UID <-> sequence-number map the client has been told about,
 * cached flags, and this session's \Recent set. Other sessions' changes arrive through the store's doorbell and
 * {@link UserMail#changesSince}, and are announced only by {@link #sync}, at the times RFC 3501 §7 allows.
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
    /** Keeps messages expunged by others readable while this client may still ask for them (RFC 2180 §4.1.1). */
    private final Hold hold;
    private long[] uids;
    private int count;
    private final Map<Long, MessageMeta> meta = new HashMap<>();
    private final Set<Long> recent = new HashSet<>();
    /** Keywords this client was told of in FLAGS, by case-insensitive key (store.Flags.key); never shrinks. */
    private final Map<String, String> keywords = new HashMap<>();
    /** Expunged by someone else while EXPUNGE responses were not allowed: still numbered for this client. */
    private final Set<Long> pendingExpunge = new TreeSet<>();
    private long modSeq;
    private long uidNext;
    private int announcedCount;
    private int announcedRecent;
    private Set<Long> saved = Set.of();
    private volatile Runnable wake = () -> {};

    private MailboxView(UserMail mail, MailStore store, MailboxInfo info, boolean readOnly,
                        java.util.function.Supplier<satchel.wire.Settings> settings)
            throws StoreException {
        this.mail = mail;
        this.info = info;
        this.readOnly = readOnly;
        this.settings = settings;
        this.tracksRecent = !settings.get().imap4rev2();
        // Subscribe first, then read: a change in between rings the bell and is caught by the next sync. The hold
        // too: from 0 it keeps whatever is expunged before the snapshot is read, then moves up to the snapshot.
        this.watch = store.watch(info.id(), () -> wake.run());
        this.hold = store.hold(info.id(), 0);
        try {
            MailboxSnapshot snap = mail.snapshot(info.id());
            uids = new long[Math.max(16, snap.messages().size())];
            for (MessageMeta m : snap.messages()) {
                uids[count++] = m.uid();
                meta.put(m.uid(), m);
            }
            modSeq = snap.highestModSeq();
            for (String k : mail.keywords(info.id())) keywords.putIfAbsent(satchel.store.Flags.key(k), k);
            for (MessageMeta m : snap.messages()) learnKeywords(m);
            uidNext = snap.uidNext();
            long firstRecent = !tracksRecent ? Long.MAX_VALUE
                    : readOnly ? snap.firstRecentUid() : mail.claimRecent(info.id(), snap.uidNext());
            for (MessageMeta m : snap.messages()) if (m.uid() >= firstRecent) recent.add(m.uid());
            announcedCount = count;
            announcedRecent = recent.size();
            hold.advance(modSeq);
        } catch (StoreException | RuntimeException e) {
            closeQuietly(watch);
            hold.close();
            throw e;
        }
    }

    /** {@code settings}: the session's current settings, read at each sync (any thread). */
    static MailboxView open(UserContext user, MailStore store, MailboxInfo info, boolean readOnly,
                            java.util.function.Supplier<satchel.wire.Settings> settings) throws StoreException {
        return new MailboxView(user.mail(), store, info, readOnly, settings);
    }

    public MailboxInfo info() { return info; }

    public boolean readOnly() { return readOnly; }

    public int size() {
        lock.lock();
        try { return count; } finally { lock.unlock(); }
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
        try { return recent.size(); } finally { lock.unlock(); }
    }

    /** Called with the lock free whenever the store reports a change; IDLE installs its wake-up here. */
    void onChange(Runnable r) { wake = r == null ? () -> {} : r; }

    /** One message as numbered for this client. */
    public record Entry(int seq, MessageMeta meta, boolean recent) {}

    /** All entries in sequence order (a copy; safe to use while other sessions change the mailbox). */
    public List<Entry> entries() {
        lock.lock();
        try {
            List<Entry> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) out.add(entry(i + 1));
            return out;
        } finally {
            lock.unlock();
        }
    }

    private Entry entry(int seq) {
        long uid = uids[seq - 1];
        return new Entry(seq, meta.get(uid), recent.contains(uid));
    }

    /** Thrown for a sequence number the client was never given (RFC 9051 §6.4: BAD). */
    public static final class BadSequence extends Exception {
        BadSequence(String m) { super(m); }
    }

    /**
     * The messages a set names, ascending. Sequence numbers must exist; UIDs that do not are skipped
     * (RFC 3501 §6.4.8). {@code *} is the last message, or for UIDs the highest UID in use.
     */
    public List<Entry> resolve(SequenceSet set, boolean byUid) throws BadSequence {
        lock.lock();
        try {
            if (set.saved()) return resolveSaved();
            if (byUid) return resolveUids(set);
            BitSet seqs = new BitSet(count + 1);
            for (SequenceSet.Range r : set.ranges()) {
                if (count == 0) throw new BadSequence("No messages in mailbox");
                SequenceSet.Range n = r.normalized(count);
                if (n.lo() < 1 || n.hi() > count) throw new BadSequence("Invalid message sequence number");
                seqs.set((int) n.lo(), (int) n.hi() + 1);
            }
            return entries(seqs);
        } finally {
            lock.unlock();
        }
    }

    private List<Entry> resolveUids(SequenceSet set) {
        long max = count == 0 ? 0 : uids[count - 1];
        BitSet seqs = new BitSet(count + 1);
        for (SequenceSet.Range r : set.ranges()) {
            SequenceSet.Range n = r.normalized(max);
            int from = lowerBound(n.lo());
            int to = lowerBound(n.hi() == Long.MAX_VALUE ? n.hi() : n.hi() + 1);
            if (to > from) seqs.set(from + 1, to + 1);
        }
        return entries(seqs);
    }

    /** Entries for the set bits (sequence numbers), ascending; sets may be large (1:* on 100k messages). */
    private List<Entry> entries(BitSet seqs) {
        List<Entry> out = new ArrayList<>(seqs.cardinality());
        for (int s = seqs.nextSetBit(1); s >= 0; s = seqs.nextSetBit(s + 1)) out.add(entry(s));
        return out;
    }

    private List<Entry> resolveSaved() {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < count; i++) if (saved.contains(uids[i])) out.add(entry(i + 1));
        return out;
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

    private int lowerBound(long uid) {
        int i = Arrays.binarySearch(uids, 0, count, uid);
        return i >= 0 ? i : -i - 1;
    }

    /** Sequence number of a UID, or 0. */
    public int seqOf(long uid) {
        lock.lock();
        try {
            int i = Arrays.binarySearch(uids, 0, count, uid);
            return i >= 0 ? i + 1 : 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the new state of messages this session changed itself, so sync won't report them back, and announces
     * keywords new to the mailbox before the caller's FETCH shows them.
     */
    public void updated(List<MessageMeta> changed, Replies out) throws IOException {
        lock.lock();
        try {
            boolean newKeywords = false;
            for (MessageMeta m : changed) {
                if (!meta.containsKey(m.uid())) continue;
                meta.put(m.uid(), m);
                newKeywords |= learnKeywords(m);
            }
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
            List<Integer> seqs = new ArrayList<>();
            for (long uid : removed) {
                int seq = removeUid(uid);
                if (seq > 0) seqs.add(seq);
            }
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
        announcedRecent = recent.size();
    }

    private int removeUid(long uid) {
        int i = Arrays.binarySearch(uids, 0, count, uid);
        if (i < 0) return 0;
        System.arraycopy(uids, i + 1, uids, i, count - i - 1);
        count--;
        meta.remove(uid);
        recent.remove(uid);
        pendingExpunge.remove(uid);
        return i + 1;
    }

    /**
     * Brings the client up to date: EXPUNGE (only when {@code allowExpunge}), EXISTS/RECENT, FETCH for flags
     * others changed. Safe to call after every command and from the IDLE notifier.
     */
    public void sync(Replies out, boolean allowExpunge) throws IOException {
        lock.lock();
        try {
            List<Long> flagChanged = new ArrayList<>();
            boolean newKeywords;
            try {
                newKeywords = apply(mail.changesSince(info.id(), modSeq), flagChanged);
            } catch (StoreException e) {
                return; // the mailbox may be gone (deleted by another session); keep what the client knows
            }
            // Before EXISTS and FETCH, which may show the new keywords (as Dovecot orders them).
            if (newKeywords) SelectResponses.flags(out, keywords.values(), readOnly);
            if (allowExpunge && !pendingExpunge.isEmpty()) {
                List<Long> gone = new ArrayList<>(pendingExpunge);
                List<Integer> seqs = new ArrayList<>();
                for (long uid : gone) seqs.add(removeUid(uid));
                announceExpunges(seqs, gone, out, settings.get().vanished());
            }
            // RECENT goes with new messages only, as Dovecot does; after expunges the client can count itself.
            if (count != announcedCount) {
                out.queue(Response.untagged().number(count).atom("EXISTS"));
                if (tracksRecent && (count > announcedCount || recent.size() != announcedRecent)) {
                    out.queue(Response.untagged().number(recent.size()).atom("RECENT"));
                }
                announcedCount = count;
                announcedRecent = recent.size();
            }
            satchel.wire.Settings now = settings.get();
            for (long uid : flagChanged) {
                int seq = seqOf(uid);
                if (seq > 0) out.queue(flagsResponse(seq, meta.get(uid), recent.contains(uid), now));
            }
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

    /** Takes in other sessions' changes; true if they bring keywords the client has not been told of. */
    private boolean apply(List<Change> changes, List<Long> flagChanged) throws StoreException {
        long newUidNext = uidNext;
        boolean newKeywords = false;
        List<Long> added = new ArrayList<>();
        for (Change c : changes) {
            switch (c) {
                case Change.Added a -> {
                    MessageMeta m = a.message();
                    if (meta.containsKey(m.uid())) {
                        newKeywords |= flagsFrom(m, flagChanged);
                    } else if (!pendingExpunge.contains(m.uid()) && (count == 0 || m.uid() > uids[count - 1])) {
                        append(m);
                        newKeywords |= learnKeywords(m);
                        added.add(m.uid());
                        newUidNext = Math.max(newUidNext, m.uid() + 1);
                    }
                }
                case Change.FlagsChanged f -> newKeywords |= flagsFrom(f.message(), flagChanged);
                case Change.Expunged e -> {
                    if (meta.containsKey(e.uid())) pendingExpunge.add(e.uid());
                }
            }
            modSeq = Math.max(modSeq, c.modSeq());
        }
        if (!added.isEmpty()) {
            long firstRecent = readOnly || !tracksRecent ? Long.MAX_VALUE : mail.claimRecent(info.id(), newUidNext);
            for (long uid : added) if (uid >= firstRecent) recent.add(uid);
        }
        uidNext = newUidNext;
        return newKeywords;
    }

    /** True if the new flags bring a keyword the client has not been told of. */
    private boolean flagsFrom(MessageMeta m, List<Long> flagChanged) {
        MessageMeta old = meta.get(m.uid());
        if (old == null || pendingExpunge.contains(m.uid())) return false;
        meta.put(m.uid(), m);
        if (!old.flags().equals(m.flags()) && !flagChanged.contains(m.uid())) flagChanged.add(m.uid());
        return learnKeywords(m);
    }

    /** Adds the message's keywords to those announced; true if any was new. */
    private boolean learnKeywords(MessageMeta m) {
        boolean added = false;
        for (String f : m.flags()) {
            if (satchel.store.Flags.isKeyword(f)) added |= keywords.putIfAbsent(satchel.store.Flags.key(f), f) == null;
        }
        return added;
    }

    private void append(MessageMeta m) {
        if (count == uids.length) uids = Arrays.copyOf(uids, uids.length * 2);
        uids[count++] = m.uid();
        meta.put(m.uid(), m);
    }

    /**
     * {@code * n FETCH (FLAGS (...))}, with MODSEQ once CONDSTORE is on (RFC 7162 §3.2.4) and UID then or in
     * IMAP4rev2, where every unsolicited FETCH carries it (RFC 9051 Appendix E.21).
     */
    static Response flagsResponse(int seq, MessageMeta m, boolean recent, satchel.wire.Settings settings) {
        Response r = FetchStart.of(seq, m.uid(), settings.uidOnly()).open();
        if (settings.condstore() || settings.imap4rev2()) r.atom("UID").number(m.uid());
        r.atom("FLAGS").atoms(Flags.withRecent(m.flags(), recent));
        if (settings.condstore()) r.atom("MODSEQ").open().number(m.modSeq()).close();
        return r.close();
    }

    @Override public void close() {
        wake = () -> {};
        closeQuietly(watch);
        hold.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // a watch that fails to close only costs a wasted doorbell
        }
    }
}
