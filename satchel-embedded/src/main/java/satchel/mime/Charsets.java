package satchel.mime;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.util.CharsetUtil;

/** Charset lookup and text decoding that never fails: unknown or lying charsets fall back sensibly. */
public final class Charsets {
    static final Charset WINDOWS_1252 = lookupOr("windows-1252", StandardCharsets.ISO_8859_1);

    private Charsets() {}

    /** Body bytes in the declared charset; us-ascii, missing or unknown charsets try UTF-8, then windows-1252. */
    public static String decode(byte[] b, int off, int len, String charset) {
        Charset cs = charset == null ? null : lookupOr(charset.strip(), null);
        if (cs == null || cs.equals(StandardCharsets.US_ASCII)) return Headers.text(b, off, len);
        return new String(b, off, len, cs);
    }

    /** RFC 2047 encoded words decoded (Mime4j's DecoderUtil); the input unchanged if it cannot be. */
    public static String decodeWords(String s) {
        if (s == null || !s.contains("=?")) return s;
        try {
            return DecoderUtil.decodeEncodedWords(s, DecodeMonitor.SILENT);
        } catch (RuntimeException e) {
            return s;
        }
    }

    static Charset lookupOr(String name, Charset fallback) {
        try {
            Charset cs = CharsetUtil.lookup(name);
            return cs == null ? fallback : cs;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
