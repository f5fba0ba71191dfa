package satchel.store.postgres;

import java.util.Arrays;
import java.util.List;
import satchel.store.sql.SearchDocument;

/**
 * The keys of PostgreSQL's full-text index row (issue 12): one {@code int4} per distinct (column, trigram) of the
 * folded text, the same code-point trigrams {@link SearchDocument#trigrams} asks for, so the candidates are the
 * texts that hold every trigram of the term in its columns, as they were under pg_trgm. A trigram of Latin-1 code
 * points is its key exactly ({@code column << 24 | a << 16 | b << 8 | c}, below 2^27); any other is hashed into
 * the negative keys, where two (column, trigram) pairs may share a key: a candidate more, which the exact check
 * turns away. The keys are stored, so this definition is part of the schema: changing it needs a migration that
 * rebuilds the rows.
 *
 * <p>Trigrams with a space or a control character (a line break, a tab) get no key: they were half the keys of a row
 * (every pair of words side by side makes three), so half of the GIN index's work at each insert (issue 12), and
 * they narrow little, as a common word's trigrams do not. A term asks for its other trigrams ({@link
 * SearchDocument#trigrams(String, boolean)}); one that has none (two-letter words and spaces, {@code "to be"}) is not
 * narrowed by the index, and its search reads every message, as for a term of two characters.
 *
 * <p>{@code headers} (every header line) repeats the text of the dedicated columns ({@code h_subject … h_bcc}).
 * Its keys leave out the trigrams a dedicated column has already, and a term in {@code headers} asks for its
 * trigram in any of the six ({@link #query}): every trigram of a dedicated column's text is in {@code headers}
 * too, so that finds the same texts, and at worst one whose values joined by a line break make a trigram no header
 * line has (a candidate more).
 */
final class TrigramKeys {
    private static final List<String> COLUMNS = SearchDocument.COLUMNS;
    private static final int DEDICATED = SearchDocument.FIELDS.size();
    private static final int HEADERS = COLUMNS.indexOf("headers");

    private TrigramKeys() {}

    /** The key of code points {@code a b c} in column number {@code column} (its place in {@link #COLUMNS}). */
    static int key(int column, int a, int b, int c) {
        if ((a | b | c) <= 0xFF) return column << 24 | a << 16 | b << 8 | c;
        long x = ((long) a << 42 | (long) b << 21 | c) * 0x9E3779B97F4A7C15L + column * 0xC2B2AE3D27D4EB4FL;
        x ^= x >>> 33; // the finalizer of MurmurHash3's 64-bit hash
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        return (int) x | Integer.MIN_VALUE;
    }

    /** The row's distinct keys, ascending (what GIN sorts them into anyway), of a document of {@link #COLUMNS}. */
    static int[] of(String[] document) {
        int chars = 0;
        for (String s : document) chars += s.length();
        IntSet keys = new IntSet(chars);
        IntSet dedicated = new IntSet(chars - document[HEADERS].length() - document[document.length - 1].length());
        for (int col = 0; col < document.length; col++) {
            String s = document[col];
            int n = s.length();
            if (n < 3) continue;
            int i = 0;
            int a = s.codePointAt(i);
            i += Character.charCount(a);
            if (i >= n) continue;
            int b = s.codePointAt(i);
            i += Character.charCount(b);
            while (i < n) {
                int c = s.codePointAt(i);
                i += Character.charCount(c);
                boolean word = a > ' ' && b > ' ' && c > ' '; // else a word's edge: no key (above)
                if (word && col < DEDICATED) {
                    keys.add(key(col, a, b, c));
                    dedicated.add(key(0, a, b, c));
                } else if (word && (col != HEADERS || !dedicated.contains(key(0, a, b, c)))) {
                    keys.add(key(col, a, b, c));
                }
                a = b;
                b = c;
            }
        }
        int[] out = keys.toArray();
        Arrays.sort(out);
        return out;
    }

    /**
     * Per trigram of a term in {@code columns}, the keys of which the row must have at least one: {@code headers}
     * stands for itself and the dedicated columns (see above).
     */
    static int[][] query(List<String> trigrams, List<String> columns) {
        int[][] out = new int[trigrams.size()][];
        for (int t = 0; t < out.length; t++) {
            int[] cps = trigrams.get(t).codePoints().toArray();
            int[] keys = new int[0];
            for (String column : columns) {
                int col = COLUMNS.indexOf(column);
                int from = keys.length;
                if (col == HEADERS) {
                    keys = Arrays.copyOf(keys, from + DEDICATED + 1);
                    for (int d = 0; d < DEDICATED; d++) keys[from + d] = key(d, cps[0], cps[1], cps[2]);
                    keys[from + DEDICATED] = key(col, cps[0], cps[1], cps[2]);
                } else {
                    keys = Arrays.copyOf(keys, from + 1);
                    keys[from] = key(col, cps[0], cps[1], cps[2]);
                }
            }
            out[t] = keys;
        }
        return out;
    }

    /**
     * Keys carried as text between the APPEND and the indexer ({@link satchel.store.sql.FullTextIndex#row} is text):
     * each key as two chars, high half first. Never encoded to bytes, only held in memory until {@link #decode}.
     */
    static String encode(int[] keys) {
        char[] out = new char[keys.length * 2];
        for (int i = 0; i < keys.length; i++) {
            out[2 * i] = (char) (keys[i] >>> 16);
            out[2 * i + 1] = (char) keys[i];
        }
        return new String(out);
    }

    static int[] decode(String s) {
        int[] out = new int[s.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = s.charAt(2 * i) << 16 | s.charAt(2 * i + 1);
        return out;
    }

    /** An open-addressing set of ints, grown at half full; 0 is kept aside, as the empty slot. */
    private static final class IntSet {
        private int[] slots;
        private int size;
        private boolean zero;

        IntSet(int chars) {
            // Prose has about one new trigram within words for every four code points or more: the set grows if not.
            slots = new int[Math.max(16, Integer.highestOneBit(Math.max(1, chars / 4)) << 1)];
        }

        void add(int k) {
            if (k == 0) {
                zero = true;
                return;
            }
            int mask = slots.length - 1;
            int i = hash(k) & mask;
            int s;
            while ((s = slots[i]) != 0) {
                if (s == k) return;
                i = (i + 1) & mask;
            }
            slots[i] = k;
            if (2 * ++size > slots.length) grow();
        }

        boolean contains(int k) {
            if (k == 0) return zero;
            int mask = slots.length - 1;
            int i = hash(k) & mask;
            int s;
            while ((s = slots[i]) != 0) {
                if (s == k) return true;
                i = (i + 1) & mask;
            }
            return false;
        }

        int[] toArray() {
            int[] out = new int[size + (zero ? 1 : 0)];
            int n = 0;
            for (int s : slots) if (s != 0) out[n++] = s;
            if (zero) out[n] = 0;
            return out;
        }

        private void grow() {
            int[] old = slots;
            slots = new int[old.length << 1];
            int mask = slots.length - 1;
            for (int k : old) {
                if (k == 0) continue;
                int i = hash(k) & mask;
                while (slots[i] != 0) i = (i + 1) & mask;
                slots[i] = k;
            }
        }

        private static int hash(int k) {
            return k * 0x9E3779B9 >>> 7;
        }
    }
}
