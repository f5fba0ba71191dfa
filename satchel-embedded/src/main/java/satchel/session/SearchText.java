package satchel.session;

import satchel.mime.FoldedSearch;
import satchel.mime.MessageStructure;
import satchel.mime.Param;
import satchel.mime.SearchFold;
import satchel.mime.SearchHeaders;

/**
 * The text search keys: HEADER (and BCC/CC/FROM/TO/SUBJECT), BODY and TEXT. Case-insensitive substring
 * matching on {@link SearchFold#fold folded} decoded text, folded once when stored ({@link
 * satchel.mime.FoldedSearch}), so each check is a plain substring search; a store's full-text index only narrows
 * the messages looked at here, it never decides a match.
 */
final class SearchText {
    private SearchText() {}

    static String fold(String s) {
        return SearchFold.fold(s);
    }

    /** An empty value matches any message that has the field (RFC 3501 §6.4.4 HEADER). */
    static boolean header(MessageData m, String field, String value) {
        String needle = fold(value);
        // The row holds those fields whole (a message kept only in part has none): it answers as the structure would.
        FoldedSearch row = m.searchHeaders();
        if (row != null && SearchHeaders.covers(field)) return row.header(field, needle);
        MessageStructure s = m.structure();
        if (s.foldedSearch().header(field, needle)) return true;
        if (!s.searchHeadersTruncated()) return false;
        // A huge header was only partly kept: look at the rest in the stored bytes.
        for (Param h : MessageStructure.decodedHeaders(m.content())) {
            if (h.name().equalsIgnoreCase(field) && fold(h.value()).contains(needle)) return true;
        }
        return false;
    }

    static boolean body(MessageData m, String text) {
        return m.structure().foldedSearch().body(fold(text));
    }

    /** TEXT: the header fields (as "name: value" lines) and the body. */
    static boolean text(MessageData m, String text) {
        return m.structure().foldedSearch().text(fold(text));
    }
}
