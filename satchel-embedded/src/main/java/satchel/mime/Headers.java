package satchel.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RFC 5322 header blocks over raw bytes. Lenient in the way Dovecot is: LF or CRLF line ends, a header block
 * without a blank line runs to the end, lines without a colon are kept in the block but yield no field.
 */
public final class Headers {
    private Headers() {}

    /** One field: {@code [start, end)} is the raw field including continuation lines and the final line end. */
    public record Field(String name, int start, int end, int valueStart) {
        public boolean is(String n) { return name.equalsIgnoreCase(n); }
    }

    /** The offset just past the blank line that ends the header starting at {@code off}, or {@code end}. */
    public static int headerEnd(byte[] b, int off, int end) {
        int i = off;
        while (i < end) {
            if (b[i] == '\n') return i + 1;
            if (b[i] == '\r' && i + 1 < end && b[i + 1] == '\n') return i + 2;
            i = lineEnd(b, i, end);
        }
        return end;
    }

    /** Offset just past the LF ending the line that starts at {@code i}, or {@code end}. */
    public static int lineEnd(byte[] b, int i, int end) {
        int lf = Bytes.indexOf(b, i, end, (byte) '\n');
        return lf < 0 ? end : lf + 1;
    }

    /** The fields of the header block {@code [off, end)} (end as returned by {@link #headerEnd}). */
    public static List<Field> parse(byte[] b, int off, int end) {
        List<Field> out = new ArrayList<>();
        int i = off;
        while (i < end) {
            if (b[i] == '\n' || (b[i] == '\r' && i + 1 < end && b[i + 1] == '\n')) break;
            int start = i;
            int e = lineEnd(b, i, end);
            while (e < end && (b[e] == ' ' || b[e] == '\t')) e = lineEnd(b, e, end);
            int colon = indexOf(b, start, e, (byte) ':');
            if (colon > start) {
                int n = colon;
                while (n > start && (b[n - 1] == ' ' || b[n - 1] == '\t')) n--;
                if (n > start) out.add(new Field(ascii(b, start, n), start, e, colon + 1));
            }
            i = e;
        }
        return out;
    }

    /** The unfolded value (line ends removed, RFC 5322 §2.2.3), outer whitespace trimmed, bytes as text. */
    public static String value(byte[] b, Field f) {
        // Outer white space trimmed as bytes first: strip() then finds nothing to cut and makes no second copy. An
        // ASCII byte is the same character in UTF-8 and windows-1252 alike, so this cuts what strip() would.
        int from = f.valueStart(), to = f.end();
        while (from < to && asciiSpace(b[from])) from++;
        while (to > from && asciiSpace(b[to - 1])) to--;
        int breaks = 0;
        for (int i = from; i < to; i++) if (b[i] == '\r' || b[i] == '\n') breaks++;
        if (breaks == 0) return text(b, from, to - from).strip(); // one line, as most fields are: no copy to unfold
        byte[] v = new byte[to - from - breaks];
        int n = 0;
        for (int i = from; i < to; i++) if (b[i] != '\r' && b[i] != '\n') v[n++] = b[i];
        return text(v, 0, n).strip();
    }

    /** An ASCII byte that {@link String#strip} removes (Character.isWhitespace). */
    private static boolean asciiSpace(byte c) {
        return c == ' ' || c >= 0x09 && c <= 0x0d || c >= 0x1c && c <= 0x1f;
    }

    /** First field named {@code name}, or null. */
    public static Field first(List<Field> fields, String name) {
        for (Field f : fields) if (f.is(name)) return f;
        return null;
    }

    /** Bytes as text: UTF-8 when valid (RFC 6532), otherwise windows-1252 so every byte maps to something. */
    public static String text(byte[] b, int off, int len) {
        boolean ascii = true;
        for (int i = off; i < off + len && ascii; i++) ascii = b[i] >= 0;
        if (ascii) return new String(b, off, len, StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            return new String(b, off, len, Charsets.WINDOWS_1252);
        }
    }

    static String ascii(byte[] b, int from, int to) {
        return text(b, from, to - from);
    }

    /** At most {@code max} chars, never splitting a surrogate pair (it would not survive UTF-8). */
    static String cut(String s, int max) {
        if (s.length() <= max) return s;
        if (max > 0 && Character.isHighSurrogate(s.charAt(max - 1))) max--;
        return s.substring(0, max);
    }

    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) return i;
            if (b[i] == '\n') return -1; // the name must be on the first line
        }
        return -1;
    }
}
