package satchel.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import satchel.store.MessageMeta;

/**
 * The messages of a selected mailbox as immutable columns in ascending UID order: UID and size as unsigned ints
 * (RFC 9051 §2.3.1.1: UIDs are 32-bit), modseq and internal date (epoch ms) as longs, flags as a number in the
 * mailbox's {@link FlagSets}: 28 bytes a message, where a map of records cost ~150. The columns are cut into
 * chunks of a few thousand messages and an edit copies only the chunks it touches, so versions (a session before
 * and after a sync, or two sessions on one mailbox) share every chunk neither changed. Immutable, so any thread
 * may read a version while another session builds the next.
 */
final class MessageColumns {
    static final int CHUNK = 4096;

    /** One run of messages; its arrays may be longer than {@code n}. Never changed once a version holds it. */
    private record Chunk(int n, int[] uid, long[] modSeq, int[] flags, int[] size, long[] date) {
        static Chunk empty(int capacity) {
            return new Chunk(0, new int[capacity], new long[capacity], new int[capacity], new int[capacity], new long[capacity]);
        }

        Chunk copy(int capacity) {
            return new Chunk(n, Arrays.copyOf(uid, capacity), Arrays.copyOf(modSeq, capacity),
                    Arrays.copyOf(flags, capacity), Arrays.copyOf(size, capacity), Arrays.copyOf(date, capacity));
        }

        long firstUid() { return Integer.toUnsignedLong(uid[0]); }

        long lastUid() { return Integer.toUnsignedLong(uid[n - 1]); }
    }

    private final FlagSets flagSets;
    private final int chunkSize;
    private final Chunk[] chunks;
    /** {@code starts[i]}: index of the first message of chunk i; the last element is the size. */
    private final int[] starts;
    /**
     * The chunk found last: renderers walk the messages in order and read several columns of each, so this saves
     * a binary search per column read. A plain field: threads that race on it only miss the hint, never misread.
     */
    private int hint;

    private MessageColumns(FlagSets flagSets, int chunkSize, Chunk[] chunks) {
        this.flagSets = flagSets;
        this.chunkSize = chunkSize;
        this.chunks = chunks;
        this.starts = new int[chunks.length + 1];
        for (int i = 0; i < chunks.length; i++) starts[i + 1] = starts[i] + chunks[i].n();
    }

    static MessageColumns empty(FlagSets flagSets) { return empty(flagSets, CHUNK); }

    /** {@code chunkSize} small only in tests, to exercise many chunks with few messages. */
    static MessageColumns empty(FlagSets flagSets, int chunkSize) {
        return new MessageColumns(flagSets, chunkSize, new Chunk[0]);
    }

    /** Columns of {@code messages} (ascending UIDs). */
    static MessageColumns of(FlagSets flagSets, List<MessageMeta> messages) {
        Editor e = empty(flagSets).edit();
        for (MessageMeta m : messages) e.put(m);
        return e.done();
    }

    /** Columns filled row by row in ascending UID order, as a store scans them (no record per message). */
    static Builder builder(FlagSets flagSets) { return new Builder(flagSets); }

    FlagSets flagSets() { return flagSets; }

    int size() { return starts[chunks.length]; }

    /** Chunk holding message index {@code i} (0-based). */
    private int chunkOf(int i) {
        int h = hint;
        if (h < chunks.length && i >= starts[h] && i < starts[h + 1]) return h;
        int c = Arrays.binarySearch(starts, 0, chunks.length, i);
        c = c >= 0 ? c : -c - 2;
        hint = c;
        return c;
    }

    long uid(int i) {
        int c = chunkOf(i);
        return Integer.toUnsignedLong(chunks[c].uid()[i - starts[c]]);
    }

    long modSeq(int i) {
        int c = chunkOf(i);
        return chunks[c].modSeq()[i - starts[c]];
    }

    int flagsId(int i) {
        int c = chunkOf(i);
        return chunks[c].flags()[i - starts[c]];
    }

    long size(int i) {
        int c = chunkOf(i);
        return Integer.toUnsignedLong(chunks[c].size()[i - starts[c]]);
    }

    long dateMillis(int i) {
        int c = chunkOf(i);
        return chunks[c].date()[i - starts[c]];
    }

    /** The message at index {@code i} as a record (allocates; renderers read the columns instead). */
    MessageMeta meta(int i) {
        int c = chunkOf(i);
        Chunk k = chunks[c];
        int j = i - starts[c];
        return new MessageMeta(Integer.toUnsignedLong(k.uid()[j]), k.modSeq()[j], flagSets.flags(k.flags()[j]),
                Integer.toUnsignedLong(k.size()[j]), Instant.ofEpochMilli(k.date()[j]));
    }

    /** Index of {@code uid}, or {@code -(insertion point) - 1} as {@link Arrays#binarySearch} answers. */
    int indexOf(long uid) {
        int c = chunkFor(Arrays.asList(chunks), uid);
        if (c < 0) return -1;
        int j = search(chunks[c], uid);
        return j >= 0 ? starts[c] + j : -(starts[c] + (-j - 1)) - 1;
    }

    /** Last chunk whose first UID is at most {@code uid}, or -1. */
    private static int chunkFor(List<Chunk> chunks, long uid) {
        int lo = 0, hi = chunks.size() - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (chunks.get(mid).firstUid() <= uid) {
                found = mid;
                lo = mid + 1;
            } else hi = mid - 1;
        }
        return found;
    }

    /** Binary search of an unsigned UID within a chunk. */
    private static int search(Chunk k, long uid) {
        int lo = 0, hi = k.n() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long u = Integer.toUnsignedLong(k.uid()[mid]);
            if (u < uid) lo = mid + 1;
            else if (u > uid) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    /**
     * Whether both hold the same messages with the same values; chunks both share are skipped unread, so two
     * sessions that applied the same changes compare in time proportional to what they changed.
     */
    boolean sameContent(MessageColumns o) {
        if (o == this) return true;
        if (o.flagSets != flagSets || o.size() != size()) return false;
        if (Arrays.equals(starts, o.starts)) {
            for (int c = 0; c < chunks.length; c++) {
                Chunk a = chunks[c], b = o.chunks[c];
                if (a != b && !(Arrays.equals(a.uid(), 0, a.n(), b.uid(), 0, b.n())
                        && Arrays.equals(a.modSeq(), 0, a.n(), b.modSeq(), 0, b.n())
                        && Arrays.equals(a.flags(), 0, a.n(), b.flags(), 0, b.n())
                        && Arrays.equals(a.size(), 0, a.n(), b.size(), 0, b.n())
                        && Arrays.equals(a.date(), 0, a.n(), b.date(), 0, b.n()))) return false;
            }
            return true;
        }
        for (int i = 0; i < size(); i++) {
            if (uid(i) != o.uid(i) || modSeq(i) != o.modSeq(i) || flagsId(i) != o.flagsId(i) || size(i) != o.size(i)
                    || dateMillis(i) != o.dateMillis(i)) return false;
        }
        return true;
    }

    Editor edit() { return new Editor(); }

    private MessageColumns repacked() {
        Editor e = empty(flagSets, chunkSize).edit();
        for (int i = 0; i < size(); i++) e.put(meta(i));
        return e.done();
    }

    /**
     * Writes rows straight into full-size chunks: the first SELECT of a million messages allocates the columns and
     * nothing per message. Rows must come in ascending UID order; one not above the last is ignored, as
     * {@link Editor#put} ignores a gap. Not thread-safe; {@link #done} once.
     */
    static final class Builder {
        /** Distinct flag sets are few; beyond this many identities (a store that copies sets) look up by value. */
        private static final int IDENTITIES = 256;

        private final FlagSets flagSets;
        private final List<Chunk> full = new ArrayList<>();
        private final java.util.IdentityHashMap<Set<String>, Integer> ids = new java.util.IdentityHashMap<>();
        private final Set<Set<String>> distinct = new java.util.HashSet<>();
        private Chunk current = Chunk.empty(CHUNK);
        private int n;
        private long lastUid;

        private Builder(FlagSets flagSets) { this.flagSets = flagSets; }

        void add(long uid, long modSeq, Set<String> flags, long size, long dateMillis) {
            if (uid <= lastUid) return;
            lastUid = uid;
            if (n == CHUNK) {
                full.add(filled());
                current = Chunk.empty(CHUNK);
                n = 0;
            }
            current.uid()[n] = (int) uid;
            current.modSeq()[n] = modSeq;
            current.flags()[n] = flagsId(flags);
            current.size()[n] = (int) size;
            current.date()[n] = dateMillis;
            n++;
        }

        private int flagsId(Set<String> flags) {
            Integer id = ids.get(flags);
            if (id != null) return id;
            int found = flagSets.id(flags);
            if (ids.size() < IDENTITIES) ids.put(flags, found);
            distinct.add(flags);
            return found;
        }

        /** Every distinct flag set among the rows (the keywords a session announces come from these). */
        Set<Set<String>> distinctFlags() { return distinct; }

        private Chunk filled() {
            return new Chunk(n, current.uid(), current.modSeq(), current.flags(), current.size(), current.date());
        }

        MessageColumns done() {
            if (n > 0) full.add(filled());
            n = 0;
            return new MessageColumns(flagSets, CHUNK, full.toArray(Chunk[]::new));
        }
    }

    /**
     * Builds the next version: copies a chunk the first time it is touched, marks removals and compacts each
     * touched chunk once in {@link #done}, so a bulk expunge or STORE costs one copy per chunk, not per message.
     * Not thread-safe; the version it came from stays valid and unchanged.
     */
    final class Editor {
        private final List<Chunk> list = new ArrayList<>(Arrays.asList(chunks));
        /** Chunks this editor copied (index-aligned with {@link #list}) and their removal marks. */
        private final List<Chunk> mine = new ArrayList<>();
        private final List<BitSet> removed = new ArrayList<>();
        /** Stores hand out one set object per distinct flags, so most lookups end at the identity check. */
        private Set<String> lastFlags;
        private int lastFlagsId;

        private Editor() {
            for (int i = 0; i < list.size(); i++) {
                mine.add(null);
                removed.add(null);
            }
        }

        /** Changes the message with this UID, or appends it when its UID is above every UID held; else ignored. */
        void put(MessageMeta m) {
            boolean above = list.isEmpty() || m.uid() > list.getLast().lastUid();
            int c = above ? -1 : chunkFor(list, m.uid());
            if (c >= 0) {
                int j = search(list.get(c), m.uid());
                if (j >= 0) {
                    if (removed.get(c) != null && removed.get(c).get(j)) return;
                    Chunk k = own(c);
                    k.modSeq()[j] = m.modSeq();
                    k.flags()[j] = flagsId(m.flags());
                    k.size()[j] = (int) m.size();
                    k.date()[j] = m.internalDate().toEpochMilli();
                    return;
                }
            }
            if (!above) return; // a gap below the highest UID: the store never fills one
            int last = list.size() - 1;
            if (last < 0 || list.get(last).n() == chunkSize) {
                list.add(Chunk.empty(chunkSize));
                mine.add(list.getLast());
                removed.add(null);
                last++;
            }
            Chunk k = own(last);
            int j = k.n();
            k.uid()[j] = (int) m.uid();
            k.modSeq()[j] = m.modSeq();
            k.flags()[j] = flagsId(m.flags());
            k.size()[j] = (int) m.size();
            k.date()[j] = m.internalDate().toEpochMilli();
            Chunk grown = new Chunk(j + 1, k.uid(), k.modSeq(), k.flags(), k.size(), k.date());
            list.set(last, grown);
            mine.set(last, grown);
        }

        private int flagsId(Set<String> flags) {
            if (flags != lastFlags) {
                lastFlagsId = flagSets.id(flags);
                lastFlags = flags;
            }
            return lastFlagsId;
        }

        /** Whether the message is held (and not removed in this edit). */
        boolean contains(long uid) { return flagsId(uid) >= 0; }

        /** The flag number of a held message, or -1. */
        int flagsId(long uid) {
            int c = chunkFor(list, uid);
            if (c < 0) return -1;
            int j = search(list.get(c), uid);
            if (j < 0 || removed.get(c) != null && removed.get(c).get(j)) return -1;
            return list.get(c).flags()[j];
        }

        /** The highest UID held before this edit's removals, or 0. */
        long lastUid() { return list.isEmpty() ? 0 : list.getLast().lastUid(); }

        /** Removes the message with this UID, if held. */
        void remove(long uid) {
            int c = chunkFor(list, uid);
            if (c < 0) return;
            int j = search(list.get(c), uid);
            if (j < 0) return;
            own(c);
            if (removed.get(c) == null) removed.set(c, new BitSet());
            removed.get(c).set(j);
        }

        private Chunk own(int c) {
            Chunk k = mine.get(c);
            if (k == null) {
                k = list.get(c).copy(chunkSize);
                list.set(c, k);
                mine.set(c, k);
            }
            return k;
        }

        MessageColumns done() {
            List<Chunk> out = new ArrayList<>(list.size());
            for (int c = 0; c < list.size(); c++) {
                Chunk k = list.get(c);
                BitSet gone = removed.get(c);
                if (gone != null && !gone.isEmpty()) k = compact(k, gone);
                if (k.n() > 0) out.add(k);
            }
            MessageColumns next = new MessageColumns(flagSets, chunkSize, out.toArray(Chunk[]::new));
            // Expunges leave part-empty chunks; once they are many, one full copy packs them again.
            return out.size() > 2 * (next.size() / chunkSize + 1) ? next.repacked() : next;
        }

        private Chunk compact(Chunk k, BitSet gone) {
            int w = 0;
            for (int r = 0; r < k.n(); r++) {
                if (gone.get(r)) continue;
                k.uid()[w] = k.uid()[r];
                k.modSeq()[w] = k.modSeq()[r];
                k.flags()[w] = k.flags()[r];
                k.size()[w] = k.size()[r];
                k.date()[w] = k.date()[r];
                w++;
            }
            return new Chunk(w, k.uid(), k.modSeq(), k.flags(), k.size(), k.date());
        }
    }
}
