package satchel.store.sql;

/**
 * A shorter text with the same trigrams, for the FTS5 index (issue 11) and PostgreSQL's trigram index (issue 12).
 * The FTS5 index is {@code detail=column}: it keeps which trigrams a column holds, not where or how often, so a
 * column that repeats itself (the same words over and over, quoted replies, signatures, markup) can be given to FTS5
 * with every trigram once. The tokenizer's work and
 * the index's pending data, both inside the one SQLite writer, shrink with it; the index it builds is unchanged.
 *
 * <p>The result is runs of the input, each a substring, joined by NUL: every trigram of the input is inside a run,
 * every trigram inside a run is one of the input's, and the only others contain NUL, which no query trigram does
 * ({@link satchel.store.sql.SearchDocument#trigrams} gives none for a term with NUL). So candidates are exactly
 * what the whole text gave. Trigrams are of code points, as the trigram tokenizer's are. PostgreSQL text cannot hold
 * NUL: its index joins runs with another separator ({@link #of(String, char)}), and a query trigram holding that one
 * may find a join too, a candidate more that the exact check turns away.
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
        // Code points, as an array only when some are outside the BMP: most text is all one char each, and an array
        // as long as the text would be the largest allocation here (issue 11: the indexer's share of APPEND's CPU).
        int[] cps = hasSurrogate(s) ? s.codePoints().toArray() : null;
        int n = cps == null ? s.length() : cps.length;
        // Prose has about one new trigram for every two or three code points: sized so the set seldom grows.
        LongSet seen = new LongSet(Math.min(n / 2, 1 << 14));
        StringBuilder out = new StringBuilder(Math.min(s.length(), 1 << 16));
        int end = -1; // the run being written ends before code point end; -1 before the first
        for (int i = 0; i + 3 <= n; i++) {
            // Text that hardly repeats itself (random tokens, a new language each part) would cost the hashing and
            // save nothing: look at the first part only.
            if (i == GIVE_UP_AT && out.length() > GIVE_UP_AT * 7 / 8) return s;
            // A trigram inside the written run is already seen, so a new one at i ends past the run: i + 3 > end.
            if (!seen.add(key(at(s, cps, i), at(s, cps, i + 1), at(s, cps, i + 2)))) continue;
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

    private static int at(String s, int[] cps, int i) {
        return cps == null ? s.charAt(i) : cps[i];
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isSurrogate(s.charAt(i))) return true;
        return false;
    }

    private static long key(int a, int b, int c) {
        return 1L << 63 | (long) a << 42 | (long) b << 21 | c; // never 0, the empty slot
    }

    /** An open-addressing set of non-zero longs, grown at half full. */
    private static final class LongSet {
        private long[] slots;
        private int size;

        LongSet(int expected) {
            slots = new long[Math.max(16, Integer.highestOneBit(Math.max(1, expected)) << 1)];
        }

        boolean add(long key) {
            if (2 * (size + 1) > slots.length) grow();
            int mask = slots.length - 1;
            int i = hash(key) & mask;
            while (slots[i] != 0) {
                if (slots[i] == key) return false;
                i = (i + 1) & mask;
            }
            slots[i] = key;
            size++;
            return true;
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length << 1];
            int mask = slots.length - 1;
            for (long k : old) {
                if (k == 0) continue;
                int i = hash(k) & mask;
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
