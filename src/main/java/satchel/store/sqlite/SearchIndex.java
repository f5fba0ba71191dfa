package satchel.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import satchel.mime.FoldedSearch;
import satchel.mime.MessageStructure;
import satchel.mime.Param;
import satchel.mime.SearchFold;
import satchel.store.TextQuery;

/**
 * The full-text index behind {@code UserMail.textCandidates}: an FTS5 table with the trigram tokenizer, one
 * row per blob (rowid = blob id), filled in the transaction that stores the blob and emptied in the one that
 * drops it. Rows hold {@link SearchFold folded} text, exactly what the session's exact check compares, so the
 * tokenizer's own ASCII-only folding is not relied on (case_sensitive 1) and Unicode case works.
 *
 * <p>Contentless ({@code content=''}, {@code contentless_delete=1}): the text itself is kept once, in
 * {@code search_data}, for the exact check. {@code detail=column} keeps which column a trigram is in but no
 * positions, so a term becomes an AND of its trigrams within its columns: a superset of the substring matches,
 * smaller than a positional index. Terms under three characters give no trigram and do not narrow anything.
 */
final class SearchIndex {
    /** The dedicated header columns; any other field is looked for in {@code headers} (all "name: value" lines). */
    private static final List<String> FIELDS = List.of("subject", "from", "to", "cc", "bcc");
    /**
     * Trigrams per term: every one adds a doclist to read (a common one holds most of the mailbox), while the
     * first few already make the candidates few; the exact check does the rest.
     */
    private static final int MAX_TRIGRAMS = 4;

    static final String CREATE = "CREATE VIRTUAL TABLE search_index USING fts5(h_subject, h_from, h_to, h_cc, h_bcc,"
            + " headers, body, content='', contentless_delete=1, tokenize='trigram case_sensitive 1', detail=column)";

    private SearchIndex() {}

    /** The row for one message: folded values of the dedicated fields, all header lines, and the body text. */
    static String[] document(MessageStructure s) {
        StringBuilder[] cols = new StringBuilder[FIELDS.size()];
        for (int i = 0; i < cols.length; i++) cols[i] = new StringBuilder();
        StringBuilder headers = new StringBuilder();
        FoldedSearch folded = s.foldedSearch();
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

    static void insert(Connection c, long blobId, String[] doc) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO search_index (rowid, h_subject, h_from, h_to,"
                + " h_cc, h_bcc, headers, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, blobId);
            for (int i = 0; i < doc.length; i++) ps.setString(i + 2, doc[i]);
            ps.executeUpdate();
        }
    }

    /** Candidates in one mailbox for the AND of {@code terms}; empty if no term can be narrowed by trigrams. */
    static Optional<Set<Long>> candidates(Connection c, long mailboxId, List<TextQuery> terms) throws SQLException {
        List<String> clauses = new ArrayList<>();
        boolean headerTerm = false;
        for (TextQuery t : terms) {
            List<String> grams = trigrams(SearchFold.fold(t.text()));
            if (grams.isEmpty()) continue;
            clauses.add("{" + columns(t) + "} : (" + String.join(" AND ", grams.stream().map(SearchIndex::quote).toList()) + ")");
            headerTerm |= t.scope() == TextQuery.Scope.HEADER;
        }
        if (clauses.isEmpty()) return Optional.empty();
        Set<Long> out = new TreeSet<>();
        // As a plain join SQLite would walk the mailbox and run the MATCH once per message; as IN it runs it once.
        try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM messages WHERE mailbox_id = ? AND blob_id IN"
                + " (SELECT rowid FROM search_index WHERE search_index MATCH ?)")) {
            ps.setLong(1, mailboxId);
            ps.setString(2, String.join(" AND ", clauses));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
        }
        // HEADER search also looks past a truncated header in the raw bytes (SearchText.header): keep those.
        if (headerTerm) {
            try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM messages WHERE mailbox_id = ? AND"
                    + " blob_id IN (SELECT blob_id FROM structures WHERE headers_truncated <> 0)")) {
                ps.setLong(1, mailboxId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getLong(1));
                }
            }
        }
        return Optional.of(out);
    }

    private static String columns(TextQuery t) {
        return switch (t.scope()) {
            case BODY -> "body";
            case TEXT -> "headers body";
            case HEADER -> {
                for (String f : FIELDS) if (f.equalsIgnoreCase(t.field())) yield "h_" + f;
                yield "headers";
            }
        };
    }

    /**
     * Distinct 3-code-point substrings of {@code folded}, at most {@link #MAX_TRIGRAMS} spread over it. None if it
     * is shorter, or if it holds a lone surrogate or NUL (which
     * cannot reach the index as they are).
     */
    static List<String> trigrams(String folded) {
        int[] cps = folded.codePoints().toArray();
        for (int cp : cps) if (cp == 0 || cp <= 0xFFFF && Character.isSurrogate((char) cp)) return List.of();
        Set<String> all = new LinkedHashSet<>();
        for (int i = 0; i + 3 <= cps.length; i++) all.add(new String(cps, i, 3));
        List<String> list = new ArrayList<>(all);
        if (list.size() <= MAX_TRIGRAMS) return list;
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < MAX_TRIGRAMS; i++) picked.add(list.get(i * (list.size() - 1) / (MAX_TRIGRAMS - 1)));
        return picked;
    }

    /** An FTS5 string: inside double quotes everything is literal except the quote, which is doubled. */
    private static String quote(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
