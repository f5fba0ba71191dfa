package satchel.store.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import satchel.mime.FoldedSearch;
import satchel.mime.MessageStructure;
import satchel.mime.Param;
import satchel.mime.SearchFold;
import satchel.store.TextQuery;

/**
 * The row a full-text index keeps for one message, the same for every dialect: folded values of the dedicated
 * header fields, all header lines, and the body text. Rows hold {@link SearchFold folded} text, exactly what the
 * session's exact check compares, so no index relies on its own case folding and Unicode case works.
 */
public final class SearchDocument {
    /** The dedicated header columns; any other field is looked for in {@code headers} (all "name: value" lines). */
    public static final List<String> FIELDS = List.of("subject", "from", "to", "cc", "bcc");

    /** Column names, in {@link #of} order: {@code h_subject … h_bcc, headers, body}. */
    public static final List<String> COLUMNS = List.of("h_subject", "h_from", "h_to", "h_cc", "h_bcc", "headers",
            "body");

    /**
     * Trigrams per term: every one adds a posting list to read (a common one holds most of the mailbox), while the
     * first few already make the candidates few; the exact check does the rest.
     */
    private static final int MAX_TRIGRAMS = 4;

    private SearchDocument() {}

    public static String[] of(MessageStructure s) {
        return of(s.foldedSearch());
    }

    public static String[] of(FoldedSearch folded) {
        StringBuilder[] cols = new StringBuilder[FIELDS.size()];
        for (int i = 0; i < cols.length; i++) cols[i] = new StringBuilder();
        StringBuilder headers = new StringBuilder();
        for (Param h : folded.headers()) { // values already folded
            headers.append(SearchFold.fold(h.name())).append(": ").append(h.value()).append('\n');
            // equalsIgnoreCase, as the exact check compares field names
            for (int i = 0; i < FIELDS.size(); i++) {
                if (h.name().equalsIgnoreCase(FIELDS.get(i))) cols[i].append(h.value()).append('\n');
            }
        }
        String[] doc = new String[FIELDS.size() + 2];
        for (int i = 0; i < cols.length; i++) doc[i] = cols[i].toString();
        doc[FIELDS.size()] = headers.toString();
        doc[FIELDS.size() + 1] = folded.text();
        return doc;
    }

    /** The columns a term is looked for in. */
    public static List<String> columns(TextQuery t) {
        return switch (t.scope()) {
            case BODY -> List.of("body");
            case TEXT -> List.of("headers", "body");
            case HEADER -> {
                for (String f : FIELDS) if (f.equalsIgnoreCase(t.field())) yield List.of("h_" + f);
                yield List.of("headers");
            }
        };
    }

    /**
     * Distinct 3-code-point substrings of {@code folded}, at most {@link #MAX_TRIGRAMS} spread over it. None if it
     * is shorter, or if it holds a lone surrogate or NUL (which cannot reach an index as they are): such a term
     * narrows nothing.
     */
    public static List<String> trigrams(String folded) {
        return trigrams(folded, false);
    }

    /**
     * {@link #trigrams(String)}, leaving out (before the few are picked) those with a space or control character
     * where {@code words} is set, for an index that keeps no others (PostgreSQL's, {@code TrigramKeys}).
     */
    public static List<String> trigrams(String folded, boolean words) {
        int[] cps = folded.codePoints().toArray();
        for (int cp : cps) if (cp == 0 || cp <= 0xFFFF && Character.isSurrogate((char) cp)) return List.of();
        Set<String> all = new LinkedHashSet<>();
        for (int i = 0; i + 3 <= cps.length; i++) {
            if (!words || cps[i] > ' ' && cps[i + 1] > ' ' && cps[i + 2] > ' ') all.add(new String(cps, i, 3));
        }
        List<String> list = new ArrayList<>(all);
        if (list.size() <= MAX_TRIGRAMS) return list;
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < MAX_TRIGRAMS; i++) picked.add(list.get(i * (list.size() - 1) / (MAX_TRIGRAMS - 1)));
        return picked;
    }
}
