package satchel.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A message's search data already {@link SearchFold#fold folded}, so SEARCH's exact check is a plain substring
 * search: header values folded one by one (names kept as written, compared ignoring case), the body text
 * folded as a whole, exactly the pieces the check used to fold on every search. Needles given to the methods
 * must be folded too. Immutable.
 *
 * <p>Binary form ({@link #toBytes}): a version byte (2; 1 starts the unfolded {@link MessageStructure#searchDataBytes},
 * which {@link #fromBytes} also reads, folding it), the header count, then name, value per header and the text;
 * each string as a length, a coder byte (0: UTF-8, 1: UTF-16 chars, big-endian, for text with a lone surrogate)
 * and the bytes. The text is searched in its UTF-8 form, so loading it is one copy.
 */
public final class FoldedSearch {
    private static final int VERSION = 2;
    private static final int MAX_COUNT = 1 << 20;

    private final String[] names;
    private final String[] foldedNames;
    private final String[] values;
    /**
     * The folded text; when {@link #utf8}, its UTF-8 bytes held one per char (ISO-8859-1), as loaded: UTF-8 is
     * self-synchronising, so a substring of code points is exactly a substring of their bytes, and
     * {@code String.indexOf} on such a string is a vectorised byte search with nothing decoded.
     */
    private final String text;
    private final boolean utf8;

    private FoldedSearch(String[] names, String[] values, String text, boolean utf8) {
        this.names = names;
        this.values = values;
        this.text = text;
        this.utf8 = utf8;
        this.foldedNames = new String[names.length];
    }

    static FoldedSearch of(SearchData d) {
        List<Param> headers = d.headers();
        String[] names = new String[headers.size()], values = new String[headers.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = headers.get(i).name();
            values[i] = SearchFold.fold(headers.get(i).value());
        }
        return new FoldedSearch(names, values, SearchFold.fold(d.text()), false);
    }

    /** HEADER: some field named {@code field} (any case) holds {@code needle}; an empty needle: the field exists. */
    public boolean header(String field, String needle) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(field) && values[i].contains(needle)) return true;
        }
        return false;
    }

    /**
     * The header fields whose names {@code keep} accepts, values as folded here, with no body text: what {@link
     * SearchHeaders} keeps in a row of its own. {@link #header} answers for those fields exactly as this does.
     */
    FoldedSearch onlyHeaders(java.util.function.Predicate<String> keep) {
        List<String> n = new ArrayList<>(), v = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (!keep.test(names[i])) continue;
            n.add(names[i]);
            v.add(values[i]);
        }
        return new FoldedSearch(n.toArray(String[]::new), v.toArray(String[]::new), "", false);
    }

    /** BODY: the folded text holds {@code needle}. */
    public boolean body(String needle) {
        requireText();
        if (!utf8) return text.contains(needle);
        if (hasLoneSurrogate(needle)) return text().contains(needle); // has no UTF-8 form; never from a client
        return text.contains(new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    /** TEXT: a header line ({@link SearchFold#headerLine}, each line on its own) or the body holds {@code needle}. */
    public boolean text(String needle) {
        requireText();
        // A match that crosses the ": " between name and value must contain ':' or a space; others lie in one part.
        boolean crossing = needle.indexOf(':') >= 0 || needle.indexOf(' ') >= 0;
        for (int i = 0; i < names.length; i++) {
            if (values[i].contains(needle) || foldedName(i).contains(needle)) return true;
            if (crossing && (foldedName(i) + ": " + values[i]).contains(needle)) return true;
        }
        return body(needle);
    }

    private String foldedName(int i) {
        String f = foldedNames[i];
        if (f == null) foldedNames[i] = f = SearchFold.fold(names[i]); // benign race: same value either way
        return f;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint());
        try {
            writeTo(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** About how long {@link #toBytes} is (exact for ASCII, short for other text): to size a buffer for it. */
    public int sizeHint() {
        int n = 16 + (text == null ? 0 : text.length());
        for (int i = 0; i < names.length; i++) n += names[i].length() + values[i].length() + 8;
        return n;
    }

    /** Writes the form {@link #toBytes} returns to {@code out}, e.g. straight into a compressor. */
    public void writeTo(java.io.OutputStream out) throws java.io.IOException {
        out.write(VERSION);
        varint(out, names.length);
        for (int i = 0; i < names.length; i++) {
            str(out, names[i]);
            str(out, values[i]);
        }
        str(out, text());
    }

    /** Whether {@code b} is in the form {@link #toBytes} writes (rather than the unfolded one). */
    public static boolean isFolded(byte[] b) {
        return b.length > 0 && b[0] == VERSION;
    }

    /**
     * @throws IllegalArgumentException if {@code b} is not a form written by {@link #toBytes} or by
     *     {@link MessageStructure#searchDataBytes}
     */
    public static FoldedSearch fromBytes(byte[] b) {
        return fromBytes(b, b.length);
    }

    /** As {@link #fromBytes(byte[])}, from the first {@code length} bytes of {@code b} (which it does not keep). */
    public static FoldedSearch fromBytes(byte[] b, int length) {
        if (length < b.length && length > 0 && b[0] == 1) return fromBytes(java.util.Arrays.copyOf(b, length));
        try {
            int[] pos = {0};
            int v = b[pos[0]++] & 0xff;
            if (v == 1) return of(StructureCodec.readSearch(b));
            if (v != VERSION) throw new IllegalArgumentException("unknown folded search data version " + v);
            int n = varint(b, pos);
            if (n > MAX_COUNT) throw new IllegalArgumentException("too many header fields");
            String[] names = new String[n], values = new String[n];
            for (int i = 0; i < n; i++) {
                names[i] = str(b, pos);
                values[i] = str(b, pos);
            }
            int len = varint(b, pos);
            int coder = b[pos[0]++];
            boolean utf8 = coder == 0;
            if (utf8 && len > length - pos[0]) throw new IllegalArgumentException("string beyond the end");
            String text = utf8 ? new String(b, pos[0], len, StandardCharsets.ISO_8859_1) : utf16(b, pos, len, coder);
            if (utf8) pos[0] += len;
            if (pos[0] != length) throw new IllegalArgumentException("trailing bytes");
            return new FoldedSearch(names, values, text, utf8);
        } catch (RuntimeException e) {
            throw e instanceof IllegalArgumentException iae ? iae : new IllegalArgumentException("corrupt folded search data", e);
        }
    }

    /**
     * The header fields alone from the first {@code length} bytes of the form {@link #toBytes} writes, or null when
     * they are not all there yet (or {@code b} is an older form): the caller reads further, or reads it whole. The
     * result answers {@link #header} only; its body text was never read, and asking for it throws.
     */
    public static FoldedSearch headersOnly(byte[] b, int length) {
        if (length < 1 || b[0] != VERSION) return null;
        try {
            int[] pos = {1};
            int n = varint(b, pos, length);
            if (n > MAX_COUNT) throw new IllegalArgumentException("too many header fields");
            String[] names = new String[n], values = new String[n];
            for (int i = 0; i < n; i++) {
                names[i] = str(b, pos, length);
                values[i] = str(b, pos, length);
                if (names[i] == null || values[i] == null) return null;
            }
            return new FoldedSearch(names, values, null, false);
        } catch (IndexOutOfBoundsException e) {
            return null; // a varint cut off at the end of the prefix
        }
    }

    /** {@link #str(byte[], int[])} within {@code b[0, length)}: null if the string runs past it. */
    private static String str(byte[] b, int[] pos, int length) {
        int start = pos[0];
        int len = varint(b, pos, length);
        if (pos[0] >= length) return null;
        int coder = b[pos[0]];
        long end = pos[0] + 1L + (coder == 0 ? len : 2L * len);
        pos[0] = start;
        return end > length ? null : str(b, pos);
    }

    private static int varint(byte[] b, int[] pos, int length) {
        if (pos[0] >= length) throw new IndexOutOfBoundsException();
        int p = pos[0];
        for (int shift = 0; shift < 32; shift += 7, p++) {
            if (p >= length) throw new IndexOutOfBoundsException();
            if ((b[p] & 0x80) == 0) break;
        }
        return varint(b, pos);
    }

    /** A string: UTF-8 (coder 0) unless it holds a lone surrogate, which has no UTF-8 form: then UTF-16 (coder 1). */
    private static void str(java.io.OutputStream out, String s) throws java.io.IOException {
        if (!hasLoneSurrogate(s)) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(out, b.length);
            out.write(0);
            out.write(b);
            return;
        }
        varint(out, s.length());
        out.write(1);
        byte[] chars = new byte[s.length() * 2];
        for (int i = 0; i < s.length(); i++) { // by hand: an encoder would replace the lone surrogates
            chars[2 * i] = (byte) (s.charAt(i) >> 8);
            chars[2 * i + 1] = (byte) s.charAt(i);
        }
        out.write(chars);
    }

    private static String str(byte[] b, int[] pos) {
        int len = varint(b, pos);
        int coder = b[pos[0]++];
        if (coder != 0) return utf16(b, pos, len, coder);
        if (len > b.length - pos[0]) throw new IllegalArgumentException("string beyond the end");
        String s = new String(b, pos[0], len, StandardCharsets.UTF_8);
        pos[0] += len;
        return s;
    }

    private static String utf16(byte[] b, int[] pos, int len, int coder) {
        if (coder != 1 || len > (b.length - pos[0]) / 2) throw new IllegalArgumentException("bad string");
        char[] c = new char[len];
        for (int i = 0, p = pos[0]; i < len; i++, p += 2) c[i] = (char) ((b[p] & 0xff) << 8 | (b[p + 1] & 0xff));
        pos[0] += 2 * len;
        return new String(c);
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else return true;
        }
        return false;
    }

    private static void varint(java.io.OutputStream out, int v) throws java.io.IOException {
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static int varint(byte[] b, int[] pos) {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int x = b[pos[0]++] & 0xff;
            v |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                if (v < 0) throw new IllegalArgumentException("negative length");
                return v;
            }
        }
        throw new IllegalArgumentException("bad length");
    }

    @Override public boolean equals(Object o) {
        return o instanceof FoldedSearch f && java.util.Arrays.equals(names, f.names)
                && java.util.Arrays.equals(values, f.values) && text().equals(f.text());
    }

    @Override public int hashCode() { return java.util.Arrays.hashCode(values); }

    /** Header fields as stored: names as written, values folded (for tests and tools). */
    public List<Param> headers() {
        List<Param> out = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) out.add(new Param(names[i], values[i]));
        return out;
    }

    private void requireText() {
        if (text == null) throw new IllegalStateException("loaded for HEADER search only: no body text");
    }

    /** The folded body text. */
    public String text() {
        requireText();
        return utf8 ? new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8) : text;
    }
}
