package satchel.mime;

import java.text.Normalizer;

/**
 * The i;unicode-casemap collation of RFC 5051, which RFC 5256 §7 requires for SORT and THREAD: each character
 * titlecased, then the string decomposed (NFKD); keys compare by code point, which is the UTF-8 octet order the
 * RFC specifies (String.compareTo compares UTF-16 units and would put U+FFxx after supplementary characters).
 */
public final class Casemap {
    private Casemap() {}

    public static String key(String s) {
        if (s == null || s.isEmpty()) return "";
        StringBuilder t = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> t.appendCodePoint(Character.toTitleCase(cp)));
        return Normalizer.normalize(t, Normalizer.Form.NFKD);
    }

    /** Code-point order of two keys. */
    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i), y = b.charAt(i);
            if (x != y) {
                // Surrogates (U+D800-DFFF) stand for code points above U+FFFF: they sort after every BMP char.
                boolean sx = Character.isSurrogate(x), sy = Character.isSurrogate(y);
                if (sx != sy) return sx ? 1 : -1;
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
