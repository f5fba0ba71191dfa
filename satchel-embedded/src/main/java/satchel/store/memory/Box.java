package satchel.store.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import satchel.mime.MessageStructure;
import satchel.store.AppendResult;
import satchel.store.Change;
import satchel.store.ChangeOrder;
import satchel.store.CopyResult;
import satchel.store.FlagResult;
import satchel.store.FlagUpdate;
import satchel.store.Flags;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;
import satchel.store.MailboxSnapshot;
import satchel.store.MailboxStatus;
import satchel.store.MessageMeta;
import satchel.store.NewMessage;

/** One mailbox of the memory store. Not thread-safe: guarded by the store's lock. */
final class Box {
    /** Immutable message bytes and their structure, shared by reference between COPY/MOVE targets. */
    record Blob(byte[] content, byte[] structure, long id, String preview, List<String> threadKeys) {
        /** Blob ids number EMAILIDs and new threads (RFC 8474), so they are never reused. */
        private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

        static Blob of(byte[] bytes) {
            MessageStructure s = MessageStructure.parse(bytes);
            return new Blob(bytes, s.toBytes(), IDS.incrementAndGet(), satchel.mime.Preview.of(bytes, s),
                    satchel.store.ThreadRule.keys(s));
        }

        /** The same message with its structure parsed again (repair). */
        Blob reparsed() {
            return new Blob(content, MessageStructure.parse(content).toBytes(), id, preview, threadKeys);
        }
    }

    /** {@code thread}: the owner's thread number (RFC 8474 THREADID); {@code saveDate}: RFC 8514. */
    record Msg(MessageMeta meta, long addedModSeq, Blob blob, long thread, java.time.Instant saveDate) {
        Msg withMeta(MessageMeta m, long added) { return new Msg(m, added, blob, thread, saveDate); }

        Msg withBlob(Blob b) { return new Msg(meta, addedModSeq, b, thread, saveDate); }
    }

    record Tombstone(long uid, long modSeq) {}

    /** An expunged message's data, kept while a reader may still ask for it (see {@link satchel.store.Hold}). */
    record Retained(long modSeq, Blob blob, long expungedAtMillis, long thread) {}

    final MailboxId id;
    final long userId;
    String name;
    final long uidValidity;
    long uidNext = 1;
    long highestModSeq = 1; // never 0: RFC 7162 §3.1.1 reserves 0 for "no CONDSTORE"
    long firstRecentUid = 1;
    boolean selectable = true;
    final Set<String> specialUse;
    final TreeMap<Long, Msg> messages = new TreeMap<>();
    /** The sum of the messages' sizes: this mailbox's part of its user's quota usage, kept as messages come and go. */
    long bytes;
    final List<Tombstone> expunged = new ArrayList<>(); // modseq order: appended as they happen
    final TreeMap<Long, Retained> retained = new TreeMap<>();
    /** Keywords ever used here, by lower-case key; they stay defined after the last user goes (as in Dovecot). */
    final Map<String, String> keywords = new LinkedHashMap<>();

    Box(MailboxId id, long userId, String name, long uidValidity, Set<String> specialUse) {
        this.id = id;
        this.userId = userId;
        this.name = name;
        this.uidValidity = uidValidity;
        this.specialUse = Set.copyOf(specialUse);
    }

    MailboxInfo info(boolean subscribed) {
        return new MailboxInfo(id, name, uidValidity, selectable, subscribed, specialUse);
    }

    MailboxStatus status() {
        long recent = 0, unseen = 0, size = 0, deleted = 0, deletedBytes = 0;
        for (Msg m : messages.values()) {
            MessageMeta meta = m.meta();
            if (meta.uid() >= firstRecentUid) recent++;
            if (!meta.flags().contains(Flags.SEEN)) unseen++;
            if (meta.flags().contains(Flags.DELETED)) {
                deleted++;
                deletedBytes += meta.size();
            }
            size += meta.size();
        }
        return new MailboxStatus(messages.size(), recent, uidNext, uidValidity, unseen, highestModSeq, size, deleted,
                deletedBytes);
    }

    MailboxSnapshot snapshot(boolean subscribed) {
        List<MessageMeta> metas = new ArrayList<>(messages.size());
        for (Msg m : messages.values()) metas.add(m.meta());
        return new MailboxSnapshot(info(subscribed), uidNext, highestModSeq, firstRecentUid, metas);
    }

    satchel.store.MailboxScan.Head scan(boolean subscribed, satchel.store.MailboxScan scan) {
        var head = new satchel.store.MailboxScan.Head(info(subscribed), uidNext, highestModSeq, firstRecentUid);
        if (scan.wants(head)) {
            Map<Set<String>, Set<String>> one = new HashMap<>(); // records copy their sets; the contract wants one each
            for (Msg m : messages.values()) {
                MessageMeta meta = m.meta();
                Set<String> flags = one.computeIfAbsent(meta.flags(), f -> f);
                scan.message(meta.uid(), meta.modSeq(), flags, meta.size(), meta.internalDate().toEpochMilli());
            }
        }
        return head;
    }

    long claimRecent(long upTo) {
        long previous = firstRecentUid;
        firstRecentUid = Math.max(previous, Math.min(upTo, uidNext));
        return previous;
    }

    List<AppendResult> append(List<NewMessage> list, MemoryThreads threads) {
        if (list.isEmpty()) return List.of();
        long modSeq = ++highestModSeq;
        List<AppendResult> out = new ArrayList<>(list.size());
        for (NewMessage nm : list) {
            byte[] bytes = nm.content().clone();
            Blob blob = Blob.of(bytes);
            java.time.Instant date = nm.internalDate() == null ? java.time.Instant.now() : nm.internalDate();
            long uid = add(Flags.normalize(nm.flags()), bytes.length, date, blob, modSeq, threads.assign(userId, blob));
            out.add(new AppendResult(uidValidity, uid));
        }
        return out;
    }

    /** One copy of a delivery whose blob the copies share, at a new modseq. */
    AppendResult appendShared(Blob blob, Set<String> flags, java.time.Instant date, MemoryThreads threads) {
        long uid = add(flags, blob.content().length, date, blob, ++highestModSeq, threads.assign(userId, blob));
        return new AppendResult(uidValidity, uid);
    }

    /** Adds one message at the next UID; the caller has already advanced the modseq. */
    long add(Set<String> flags, long size, java.time.Instant date, Blob blob, long modSeq, long thread) {
        long uid = uidNext++;
        messages.put(uid, new Msg(new MessageMeta(uid, modSeq, flags, size, date), modSeq, blob, thread,
                java.time.Instant.now()));
        bytes += size;
        defineKeywords(flags);
        return uid;
    }

    /** COPY: the new messages share the blobs; destination UIDs follow source UID order (RFC 4315 COPYUID). */
    CopyResult copyTo(List<Long> uids, Box dst) {
        List<Msg> picked = new ArrayList<>();
        for (long uid : sorted(uids)) {
            Msg m = messages.get(uid);
            if (m != null) picked.add(m);
        }
        List<Long> srcUids = new ArrayList<>();
        List<Long> dstUids = new ArrayList<>();
        if (!picked.isEmpty()) {
            long modSeq = ++dst.highestModSeq;
            for (Msg m : picked) {
                srcUids.add(m.meta().uid());
                dstUids.add(dst.add(m.meta().flags(), m.meta().size(), m.meta().internalDate(), m.blob(), modSeq,
                        m.thread()));
            }
        }
        return new CopyResult(dst.uidValidity, srcUids, dstUids);
    }

    FlagResult updateFlags(List<Long> uids, FlagUpdate update) {
        List<MessageMeta> changed = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        long modSeq = highestModSeq + 1;
        for (long uid : sorted(uids)) {
            Msg m = messages.get(uid);
            if (m == null) continue;
            // RFC 7162 §3.1.3: a message modified since UNCHANGEDSINCE is left alone and reported.
            if (update.unchangedSince() >= 0 && m.meta().modSeq() > update.unchangedSince()) {
                failed.add(uid);
                continue;
            }
            Set<String> flags = Flags.apply(m.meta().flags(), update.mode(), update.flags());
            if (flags.equals(m.meta().flags())) continue;
            MessageMeta meta = new MessageMeta(uid, modSeq, flags, m.meta().size(), m.meta().internalDate());
            messages.put(uid, m.withMeta(meta, m.addedModSeq()));
            defineKeywords(flags);
            changed.add(meta);
        }
        if (!changed.isEmpty()) highestModSeq = modSeq;
        return new FlagResult(changed, failed);
    }

    /**
     * Removes the messages that exist among {@code uids}, leaving tombstones and their data retained for readers
     * (the store purges what nobody holds); returns the removed UIDs.
     */
    List<Long> expunge(List<Long> uids) {
        List<Long> removed = new ArrayList<>();
        long modSeq = highestModSeq + 1;
        long now = System.currentTimeMillis();
        for (long uid : sorted(uids)) {
            Msg m = messages.remove(uid);
            if (m != null) {
                bytes -= m.meta().size();
                removed.add(uid);
                expunged.add(new Tombstone(uid, modSeq));
                retained.put(uid, new Retained(modSeq, m.blob(), now, m.thread()));
            }
        }
        if (!removed.isEmpty()) highestModSeq = modSeq;
        return removed;
    }

    /** The data of a message, live or retained after its expunge; null when neither. */
    Blob readable(long uid) {
        Msg m = messages.get(uid);
        if (m != null) return m.blob();
        Retained r = retained.get(uid);
        return r == null ? null : r.blob();
    }

    /** Whether any of {@code uids} was expunged (it has a tombstone), as opposed to never used. */
    boolean anyExpunged(List<Long> uids) {
        for (long uid : uids) {
            if (messages.containsKey(uid) || uid >= uidNext) continue;
            for (Tombstone t : expunged) if (t.uid() == uid) return true;
        }
        return false;
    }

    List<Change> changesSince(long since) {
        List<Change> out = new ArrayList<>();
        for (Msg m : messages.values()) {
            if (m.meta().modSeq() <= since) continue;
            out.add(m.addedModSeq() > since ? new Change.Added(m.meta()) : new Change.FlagsChanged(m.meta()));
        }
        for (Tombstone t : expunged) if (t.modSeq() > since) out.add(new Change.Expunged(t.uid(), t.modSeq()));
        out.sort(ChangeOrder.BY_MODSEQ);
        return out;
    }

    private void defineKeywords(Set<String> flags) {
        for (String f : flags) if (Flags.isKeyword(f)) keywords.putIfAbsent(Flags.key(f), f);
    }

    static List<Long> sorted(List<Long> uids) {
        return uids.stream().distinct().sorted().toList();
    }
}
