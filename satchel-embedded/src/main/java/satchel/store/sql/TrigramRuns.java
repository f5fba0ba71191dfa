package satchel.store.sql;

/**
 * A column's trigrams, each once, for the FTS5 index (issue 11, as {@link #words}; since schema version 18 every
 * column's in one row, {@link #columnWords}). The index keeps which trigrams a column holds, not where or how often,
 * so a column that repeats itself (the same words over and over, quoted replies, signatures, markup) can be given
 * with every trigram once; the tokenizer's work and the index's pending data shrink with it, the index it builds is
 * unchanged. (PostgreSQL's index makes integer keys of the trigrams instead, {@code
 * satchel.store.postgres.TrigramKeys}, since schema version 17.)
 *
 * <p>Runs ({@link #of}) are substrings of the input joined by a separator: every trigram of the input is inside a run,
 * every trigram inside a run is one of the input's, and the others span a join. Trigrams are of code points. They
 * were both indexes' rows until schema version 17 (PostgreSQL's joined by another separator, {@link #of(String,
 * char)}, as its text cannot hold NUL), and only the version-5 FTS5 table, which version 17 replaces, is still built
 * of them. FTS5's trigram tokenizer skips NUL, so each join gave it trigrams of the two runs' ends that the text may
 * not hold (more candidates, never fewer). Words give it none.
 */
public final class TrigramRuns {
    private static final int GIVE_UP_AT = 2048;

    private TrigramRuns() {}

    public static String of(String s) {
        return of(s, '\0');
    }

    /** Runs joined by {@code separator}. */
    public static String of(String s, char separator) {
        if (s.length() < 6) return s; // two trigrams at most: nothing worth saving
        int kind = kind(s);
        if (kind == SURROGATES) return of(s, separator, s.codePoints().toArray(), new LongSet(), new StringBuilder());
        Scratch scratch = Scratch.take();
        try {
            return of(s, separator, null, scratch.seen, scratch.out);
        } finally {
            scratch.give(kind == LATIN1);
        }
    }

    /**
     * {@code cps}: the code points, as an array only when some are outside the BMP (rare, and then nothing is reused):
     * most text is all one char each, and an array as long as the text would be the largest allocation here (issue 11:
     * the indexer's share of APPEND's CPU).
     */
    private static String of(String s, char separator, int[] cps, LongSet seen, StringBuilder out) {
        int n = cps == null ? s.length() : cps.length;
        seen.reset(n, cps == null);
        out.setLength(0);
        int shift = cps == null ? 16 : 21;
        long bits = (1L << 3 * shift) - 1;
        int end = -1; // the run being written ends before code point end; -1 before the first
        long key = (long) at(s, cps, 0) << shift | at(s, cps, 1);
        for (int i = 0; i + 3 <= n; i++) {
            // Text that hardly repeats itself (random tokens, a new language each part) would cost the hashing and
            // save nothing: look at the first part only.
            if (i == GIVE_UP_AT && out.length() > GIVE_UP_AT * 7 / 8) return s;
            key = (key << shift | at(s, cps, i + 2)) & bits; // the three code points from i
            // A trigram inside the written run is already seen, so a new one at i ends past the run: i + 3 > end.
            if (!seen.add(key)) continue;
            // Going on from the run costs i + 3 - end code points, all the input's own; a new run costs 4.
            int from = end >= 0 && end >= i - 1 ? end : i;
            if (from == i && end >= 0) out.append(separator);
            if (cps == null) {
                out.append(s, from, i + 3);
            } else {
                for (int j = from; j < i + 3; j++) out.appendCodePoint(cps[j]);
            }
            end = i + 3;
        }
        return out.length() < s.length() ? out.toString() : s;
    }

    /**
     * Each distinct trigram (of code points) of {@code s} once, as a word of its own, the words separated by spaces:
     * the SQLite index's row ({@code satchel.store.sqlite.Fts5Index}, FTS5's {@code ascii} tokenizer). Runs joined
     * by a separator give the trigram tokenizer trigrams across each join that the text need not hold: FTS5's
     * trigram tokenizer skips NUL, so a join of "…ab" and "cd…" adds "abc" and "bcd" (about 320 of 1,070 tokens a
     * row in the benchmark's mail, a quarter of the index's size). Words give FTS5 only the text's own trigrams,
     * each one token ({@link #word}).
     */
    public static String words(String s) {
        Scratch scratch = Scratch.take();
        try {
            scratch.out.setLength(0);
            append(s, NO_COLUMN, false, scratch);
            return scratch.out.toString();
        } finally {
            scratch.give(true); // words are ASCII
        }
    }

    /**
     * The words of every column in one row, each led by its column's digit ({@code '0'} + its index, at most ten
     * columns): the SQLite index's row since schema version 18, one FTS5 column with {@code detail=none}. A term then
     * reads the postings of its own column only (a header term's trigrams are mostly in bodies too: "invoice"'s in
     * every body of the benchmark's mail, in 16 % of its subjects), and no posting carries a column list.
     */
    public static String columnWords(String[] columns) {
        return columnWords(columns, false);
    }

    /**
     * {@link #columnWords(String[])}, leaving out where {@code spaceless} is set every trigram that holds a space or
     * a control character (a code point up to U+0020): the SQLite index's row since December 8 (issue 11), the rule
     * PostgreSQL's index has kept from the start ({@link SearchDocument#trigrams(String, boolean)}). A query then asks
     * for no other trigrams, so older rows, which hold these and more, answer it the same.
     */
    public static String columnWords(String[] columns, boolean spaceless) {
        if (columns.length > 10) throw new IllegalArgumentException("more columns than digits: " + columns.length);
        Scratch scratch = Scratch.take();
        try {
            scratch.out.setLength(0);
            for (int i = 0; i < columns.length; i++) append(columns[i], (char) ('0' + i), spaceless, scratch);
            return scratch.out.toString();
        } finally {
            scratch.give(true);
        }
    }

    private static final char NO_COLUMN = 0;

    /**
     * Appends the words of {@code s} to the scratch's buffer, each led by {@code column} unless it is NO_COLUMN; none
     * of a trigram holding a code point up to U+0020 where {@code spaceless} is set.
     */
    private static void append(String s, char column, boolean spaceless, Scratch scratch) {
        int[] cps = kind(s) == SURROGATES ? s.codePoints().toArray() : null;
        LongSet seen = cps == null ? scratch.seen : new LongSet(); // wider keys need a fresh set
        StringBuilder out = scratch.out;
        int n = cps == null ? s.length() : cps.length;
        if (n < 3) return;
        seen.reset(n, cps == null);
        int shift = cps == null ? 16 : 21;
        long bits = (1L << 3 * shift) - 1;
        long key = (long) at(s, cps, 0) << shift | at(s, cps, 1);
        for (int i = 0; i + 3 <= n; i++) {
            key = (key << shift | at(s, cps, i + 2)) & bits;
            if (spaceless && (at(s, cps, i) <= ' ' || at(s, cps, i + 1) <= ' ' || at(s, cps, i + 2) <= ' ')) continue;
            if (!seen.add(key)) continue;
            if (column != NO_COLUMN) out.append(column);
            word(out, at(s, cps, i), at(s, cps, i + 1), at(s, cps, i + 2));
            out.append(' ');
        }
    }

    /** The word of a trigram of three code points, as {@link #words} writes it (for queries). */
    public static String word(String trigram) {
        int[] cps = trigram.codePoints().toArray();
        if (cps.length != 3) throw new IllegalArgumentException("not a trigram: " + cps.length + " code points");
        StringBuilder out = new StringBuilder(13);
        word(out, cps[0], cps[1], cps[2]);
        return out.toString();
    }

    private static final char[] DIGITS = "0123456789abcdefghijklmnopqrstuv".toCharArray();

    /**
     * A trigram as base-32 digits (lower-case letters and digits: one token to the {@code ascii} tokenizer, unchanged
     * by its case folding), of a width that tells the three kinds apart, so different trigrams never share a word:
     * 5 digits for three Latin-1 code points (24 bits), 10 for three in the BMP (48), 13 for any others (63).
     */
    private static void word(StringBuilder out, int a, int b, int c) {
        long key;
        int digits;
        if ((a | b | c) < 0x100) {
            key = (long) a << 16 | b << 8 | c;
            digits = 5;
        } else if ((a | b | c) < 0x10000) {
            key = (long) a << 32 | (long) b << 16 | c;
            digits = 10;
        } else {
            key = (long) a << 42 | (long) b << 21 | c;
            digits = 13;
        }
        for (int shift = 5 * (digits - 1); shift >= 0; shift -= 5) out.append(DIGITS[(int) (key >>> shift) & 31]);
    }

    private static int at(String s, int[] cps, int i) {
        return cps == null ? s.charAt(i) : cps[i];
    }

    private static final int LATIN1 = 0, BMP = 1, SURROGATES = 2;

    /** Whether {@code s} is all Latin-1, all in the BMP, or holds surrogates. */
    private static int kind(String s) {
        int kind = LATIN1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) return SURROGATES;
            if (c > 0xFF) kind = BMP;
        }
        return kind;
    }

    /**
     * The set and the output buffer of one call, kept for the next (issue 11: a fresh table per column was up to 64–256
     * KB, about 7 % of what an APPEND allocated). A few are pooled, for whichever thread comes: session threads are
     * virtual and many, so a thread-local one each would keep far more.
     */
    private static final class Scratch {
        private static final java.util.concurrent.atomic.AtomicReferenceArray<Scratch> POOL =
                new java.util.concurrent.atomic.AtomicReferenceArray<>(8);
        /** Larger ones are dropped rather than kept (a rare huge part). */
        private static final int KEEP_SLOTS = 1 << 17;
        private static final int KEEP_CHARS = 1 << 17;

        final LongSet seen = new LongSet();
        StringBuilder out = new StringBuilder(1 << 12);

        static Scratch take() {
            for (int i = 0; i < POOL.length(); i++) {
                Scratch s = POOL.getAndSet(i, null);
                if (s != null) return s;
            }
            return new Scratch();
        }

        /** Back to the pool; {@code latin1}: the buffer held Latin-1 only (else it is wider now, and replaced). */
        void give(boolean latin1) {
            if (seen.slots.length > KEEP_SLOTS || out.capacity() > KEEP_CHARS) return;
            if (!latin1) out = new StringBuilder(1 << 12);
            for (int i = 0; i < POOL.length(); i++) if (POOL.compareAndSet(i, null, this)) return;
        }
    }

    /**
     * An open-addressing set of keys below 2^63, grown at half full. Keys of BMP trigrams take 48 bits: each slot then
     * also holds the number of the use it was written in, so a reused set is emptied by counting on, not by clearing
     * the table, and it keeps the largest table any text needed. Wider keys (code points outside the BMP) need a
     * fresh set.
     */
    private static final class LongSet {
        private static final int USE_SHIFT = 48;
        private static final long USES = 1L << 15;
        private long[] slots = new long[0];
        private int size;
        /** Bit 63 (never 0, the empty slot) and the current use's number; a slot with another tag is empty. */
        private long tag;
        private long tagMask;
        private long use;

        /** Empties the set for a text of {@code n} code points; {@code narrow}: the keys fit in 48 bits. */
        void reset(int n, boolean narrow) {
            // Prose has about one new trigram for every two or three code points: sized so the set seldom grows.
            int wanted = Math.max(16, Integer.highestOneBit(Math.max(1, Math.min(n / 2, 1 << 14))) << 1);
            size = 0;
            if (slots.length < wanted) {
                slots = new long[wanted];
                if (narrow && use == 0) use = 1;
            } else if (narrow && ++use == USES) { // the numbers wrap: clear once
                use = 1;
                java.util.Arrays.fill(slots, 0L);
            }
            if (narrow) {
                tag = 1L << 63 | use << USE_SHIFT;
                tagMask = -1L << USE_SHIFT;
            } else {
                java.util.Arrays.fill(slots, 0L);
                use = USES - 1; // were it reused, the next narrow use would clear the table
                tag = 1L << 63;
                tagMask = 1L << 63;
            }
        }

        boolean add(long key) {
            if (2 * (size + 1) > slots.length) grow();
            long k = key | tag;
            int mask = slots.length - 1;
            int i = hash(key) & mask;
            long slot;
            while (((slot = slots[i]) & tagMask) == tag) {
                if (slot == k) return false;
                i = (i + 1) & mask;
            }
            slots[i] = k;
            size++;
            return true;
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length << 1];
            int mask = slots.length - 1;
            for (long k : old) {
                if ((k & tagMask) != tag) continue;
                int i = hash(k & ~tagMask) & mask;
                while (slots[i] != 0) i = (i + 1) & mask;
                slots[i] = k;
            }
        }

        private static int hash(long k) {
            long h = k * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 32);
        }
    }
}
