package satchel.mime;

import java.util.Locale;

/**
 * The case folding of IMAP SEARCH text keys, shared by the session's exact check and the store's full-text
 * index so that an index built from folded text never misses a message the exact check would match.
 */
public final class SearchFold {
    private SearchFold() {}

    /** Unicode-aware case folding: upper then lower maps ß/SS, ſ/s, final sigma etc. to one form. */
    public static String fold(String s) {
        // ASCII fast path: upper then lower of an ASCII letter is its lower case, of anything else itself.
        boolean upper = false;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) return s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
            upper |= c >= 'A' && c <= 'Z';
        }
        return upper ? s.toLowerCase(Locale.ROOT) : s;
    }

    /**
     * How a header field is seen by TEXT search: "name: value", each side folded on its own (so the line is the
     * same whether it is looked at alone or as part of the index document).
     */
    public static String headerLine(Param field) {
        return fold(field.name()) + ": " + fold(field.value());
    }
}
