package satchel.session;

import java.util.Locale;
import satchel.mime.MessageStructure;
import satchel.mime.Param;

/** The text search keys: HEADER (and BCC/CC/FROM/TO/SUBJECT), BODY and TEXT. */
final class SearchText {
    private SearchText() {}

    /** Unicode-aware case folding: upper then lower maps ß/SS, ſ/s, final sigma etc. to one form. */
    static String fold(String s) {
        return s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    static boolean contains(String haystack, String needle) {
        return fold(haystack).contains(fold(needle));
    }

    /** An empty value matches any message that has the field (RFC 3501 §6.4.4 HEADER). */
    static boolean header(MessageData m, String field, String value) {
        MessageStructure s = m.structure();
        String needle = fold(value);
        for (Param h : s.searchHeaders()) {
            if (h.name().equalsIgnoreCase(field) && fold(h.value()).contains(needle)) return true;
        }
        if (!s.searchHeadersTruncated()) return false;
        // A huge header was only partly kept: look at the rest in the stored bytes.
        for (Param h : MessageStructure.decodedHeaders(m.content())) {
            if (h.name().equalsIgnoreCase(field) && fold(h.value()).contains(needle)) return true;
        }
        return false;
    }

    static boolean body(MessageData m, String text) {
        return contains(m.structure().searchText(), text);
    }

    /** TEXT: the header fields and the body. */
    static boolean text(MessageData m, String text) {
        String needle = fold(text);
        for (Param h : m.structure().searchHeaders()) {
            if (fold(h.name()).contains(needle) || fold(h.value()).contains(needle)) return true;
            if (needle.contains(":") && fold(h.name() + ": " + h.value()).contains(needle)) return true;
        }
        return fold(m.structure().searchText()).contains(needle);
    }
}
