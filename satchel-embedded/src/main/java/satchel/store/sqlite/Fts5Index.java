package satchel.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import satchel.mime.FoldedSearch;
import satchel.mime.SearchFold;
import satchel.store.TextCandidates;
import satchel.store.TextQuery;
import satchel.store.sql.Derived;
import satchel.store.sql.FullTextIndex;
import satchel.store.sql.SearchDocument;
import satchel.store.sql.TrigramRuns;

/**
 * The full-text index of the SQLite store: an FTS5 table of trigrams, each a word led by its column's digit ({@link
 * TrigramRuns#columnWords}), one row per blob, filled by the background indexer (satchel.store.sql.SearchIndexer) and
 * emptied in the transaction that drops the blob.
 *
 * <p>Users are kept apart by the rowid: {@code user id << 32 | blob id} ({@code search_owners} says whose each
 * blob is; a blob never belongs to two users, COPY stays within one). Every query carries the user's rowid range,
 * which FTS5 takes as a constraint of the MATCH itself and uses to seek inside each term's doclist, so it never
 * returns, and beyond the edge of one leaf page per segment never reads, another user's entries: a search no
 * longer runs slower because another user's mail holds the words. (One FTS5 table per user would separate them
 * completely but costs five tables per user in the schema every connection parses, and a schema change, which
 * invalidates every prepared statement, per new user.) Rows hold trigrams of {@link SearchFold folded} text,
 * exactly what the session's exact check compares, so no tokenizer's folding is relied on and Unicode case works.
 *
 * <p>Contentless ({@code content=''}, {@code contentless_delete=1}): the text itself is kept once, in
 * {@code search_data}, for the exact check. The word says the column and {@code detail=none} keeps no positions, so a
 * term becomes an AND of its trigrams, each in any of its columns: a superset of the substring matches, smaller than
 * a positional index. Terms under three characters give no trigram and do not narrow anything.
 */
final class Fts5Index implements FullTextIndex {
    /**
     * The table since version 18: one column of words ({@link TrigramRuns#columnWords}), each a trigram of one of the
     * {@link SearchDocument#COLUMNS} led by the column's digit, under {@code detail=none}. A term reads only the
     * postings of its columns: under version 17's {@code detail=column} a subject term read every posting of its
     * trigrams in any column and dropped those of other columns (in the benchmark's mail "invoice"'s trigrams are in
     * every body, in 16 % of the subjects: 100,000 postings a trigram for 16,056). No posting carries a column list
     * either: the index is 2.6 times smaller, the inserts cheaper (issue 11, docs/benchmarks.md).
     */
    static final String CREATE = "CREATE VIRTUAL TABLE search_index USING fts5(words, content='', contentless_delete=1,"
            + " tokenize='ascii', detail=none)";

    /**
     * The table of version 17: each column's distinct trigrams, one word each ({@link TrigramRuns#words}), split by
     * the {@code ascii} tokenizer: the trigram tokenizer over runs of the text joined by NUL had also indexed two
     * trigrams across every join that the text does not hold (it skips NUL), about 30 % of its tokens (issue 11).
     */
    static final String CREATE_COLUMNS = "CREATE VIRTUAL TABLE search_index USING fts5(h_subject, h_from, h_to, h_cc,"
            + " h_bcc, headers, body, content='', contentless_delete=1, tokenize='ascii', detail=column)";

    /** The table of versions 2–16: FTS5's trigram tokenizer over the text (since 16: {@link TrigramRuns} of it). */
    static final String CREATE_TRIGRAMS = "CREATE VIRTUAL TABLE search_index USING fts5(h_subject, h_from, h_to, h_cc,"
            + " h_bcc, headers, body, content='', contentless_delete=1, tokenize='trigram case_sensitive 1',"
            + " detail=column)";

    static final String CREATE_OWNERS = "CREATE TABLE IF NOT EXISTS search_owners (blob_id INTEGER PRIMARY KEY"
            + " REFERENCES blobs(id), user_id INTEGER NOT NULL)";

    /**
     * FTS5 merges a level's segments into one once {@code automerge} of them are there (default 4): each indexer
     * batch commits a segment, so every trigram posting is written again at each level it climbs. Merging at 16
     * climbs about half as many levels; a query then reads at most 15 segments per level instead of 3 (issue 11:
     * 4–19 % less store CPU per APPEND with the indexer's share counted, in three alternated runs; query times alike
     * at 40,000 rows; docs/benchmarks.md). Kept in the index's own config row, so it is set once, by a migration.
     */
    static final String AUTOMERGE = "INSERT INTO search_index (search_index, rank) VALUES ('automerge', 16)";

    private static final int USER_SHIFT = 32;


    /** The index rowid of a blob: the user's range, then the blob. */
    static long rowid(long userId, long blobId) {
        if (blobId < 0 || blobId >>> USER_SHIFT != 0 || userId < 0 || userId >>> (63 - USER_SHIFT) != 0) {
            throw new IllegalStateException("ids beyond the index's rowid layout: user " + userId + ", blob " + blobId);
        }
        return userId << USER_SHIFT | blobId;
    }

    @Override
    public List<String> migration(int version) {
        return switch (version) {
            case 2 -> List.of(CREATE_TRIGRAMS);
            case 5 -> List.of(CREATE_OWNERS);
            case 16 -> List.of(AUTOMERGE);
            // A new table, rebuilt in the background: no row and no watermark is left, so until the indexer has
            // been through a mailbox again SEARCH takes all of it as candidates (SearchIndexer, "Never stale") and
            // the exact check decides, as for mail just appended. 17: words in seven columns; 18: one column of
            // words led by their column's digit (CREATE).
            case 17 -> rebuilt(CREATE_COLUMNS);
            case 18 -> rebuilt(CREATE);
            default -> List.of();
        };
    }

    private static List<String> rebuilt(String create) {
        return List.of("DROP TABLE search_index", create, AUTOMERGE, "DELETE FROM search_owners",
                "DELETE FROM search_indexed");
    }

    /** Version 5: the index keeps users apart (rowid = user << 32 | blob), rebuilt from search_data. */
    @Override
    public void afterMigration(int version, Connection c) throws SQLException {
        if (version == 5) partition(c);
    }

    /**
     * One value: each column's distinct trigrams as words led by the column's digit ({@link
     * TrigramRuns#columnWords}), without those that hold a space or a control character; the index keeps no more than
     * that. Half of a row's trigrams in the benchmark's mail span a space (723 a row, 353 without them): FTS5 inserted
     * the row in 44 % less CPU (issue 11, December 8, docs/benchmarks.md). Queries ask for spaceless trigrams only
     * ({@link #find}), which rows written before hold as well: those need no rebuild.
     */
    @Override
    public String[] row(String[] document) {
        return new String[] {TrigramRuns.columnWords(document, true)};
    }

    /** The form of the version-5 table ({@link #CREATE_TRIGRAMS}), which version 17 replaces. */
    private static String[] runs(String[] document) {
        String[] row = new String[document.length];
        for (int i = 0; i < row.length; i++) row[i] = TrigramRuns.of(document[i]);
        return row;
    }

    @Override
    public void insert(Connection c, long userId, long blobId, String[] doc) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO search_owners (blob_id, user_id) VALUES (?, ?)")) {
            ps.setLong(1, blobId);
            ps.setLong(2, userId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO search_index (rowid, words) VALUES (?, ?)")) {
            ps.setLong(1, rowid(userId, blobId));
            ps.setString(2, doc[0]);
            ps.executeUpdate();
        }
    }

    @Override
    public Set<Long> indexed(Connection c, Collection<Long> blobIds) throws SQLException {
        Set<Long> out = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM search_owners WHERE blob_id = ?")) {
            for (long id : blobIds) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) out.add(id);
                }
            }
        }
        return out;
    }

    /** Removes the index rows of blobs about to go (those never indexed are skipped). */
    @Override
    public void delete(Connection c, Collection<Long> blobIds) throws SQLException {
        try (PreparedStatement owner = c.prepareStatement("SELECT user_id FROM search_owners WHERE blob_id = ?");
             PreparedStatement row = c.prepareStatement("DELETE FROM search_index WHERE rowid = ?");
             PreparedStatement gone = c.prepareStatement("DELETE FROM search_owners WHERE blob_id = ?")) {
            for (long id : blobIds) {
                owner.setLong(1, id);
                try (ResultSet rs = owner.executeQuery()) {
                    if (!rs.next()) continue;
                    row.setLong(1, rowid(rs.getLong(1), id));
                }
                row.executeUpdate();
                gone.setLong(1, id);
                gone.executeUpdate();
            }
        }
    }

    /**
     * Schema version 5: rebuilds the index with rowids in each user's range, from the folded text kept in
     * {@code search_data} (the index is contentless: its rows cannot be read back or renumbered in place). The table
     * of that version, which version 17 drops again.
     */
    static void partition(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM search_owners");
            s.execute("INSERT INTO search_owners (blob_id, user_id) SELECT m.blob_id, MIN(b.user_id) FROM messages m"
                    + " JOIN mailboxes b ON b.id = m.mailbox_id JOIN search_data d ON d.blob_id = m.blob_id"
                    + " GROUP BY m.blob_id");
            s.execute("DROP TABLE IF EXISTS search_index");
            s.execute(CREATE_TRIGRAMS);
        }
        try (PreparedStatement read = c.prepareStatement("SELECT o.blob_id, o.user_id, d.data FROM search_owners o"
                + " JOIN search_data d ON d.blob_id = o.blob_id ORDER BY o.blob_id");
             PreparedStatement write = c.prepareStatement("INSERT INTO search_index (rowid, h_subject, h_from, h_to,"
                     + " h_cc, h_bcc, headers, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             ResultSet rs = read.executeQuery();
             Derived.Inflating inflating = new Derived.Inflating()) {
            while (rs.next()) {
                byte[] data = inflating.inflate(rs.getBytes(3));
                String[] doc = runs(SearchDocument.of(FoldedSearch.fromBytes(data, inflating.length())));
                write.setLong(1, rowid(rs.getLong(2), rs.getLong(1)));
                for (int i = 0; i < doc.length; i++) write.setString(i + 2, doc[i]);
                write.executeUpdate();
            }
        }
    }

    /**
     * Candidates in one of {@code userId}'s mailboxes for the AND of {@code terms}; empty if no term can be narrowed
     * by trigrams. The MATCH runs within the user's rowid range only.
     */
    @Override
    public Optional<Set<Long>> candidates(Connection c, long userId, long mailboxId, List<TextQuery> terms)
            throws SQLException {
        return find(c, userId, mailboxId, terms, false).map(TextCandidates::uids);
    }

    /** {@link #candidates} with their {@code folded_headers} rows, read by the same statement. */
    @Override
    public Optional<TextCandidates> headerCandidates(Connection c, long userId, long mailboxId, List<TextQuery> terms)
            throws SQLException {
        return find(c, userId, mailboxId, terms, true);
    }

    @Override
    public String indexedFor(String blob, String user) {
        return "EXISTS (SELECT 1 FROM search_owners o WHERE o.blob_id = " + blob + " AND o.user_id = " + user + ")";
    }

    private Optional<TextCandidates> find(Connection c, long userId, long mailboxId, List<TextQuery> terms,
                                          boolean withRows) throws SQLException {
        List<String> clauses = new ArrayList<>();
        boolean headerTerm = false;
        for (TextQuery t : terms) {
            // Only trigrams without a space or control character: the rows hold no others (row).
            List<String> grams = SearchDocument.trigrams(SearchFold.fold(t.text()), true);
            if (grams.isEmpty()) continue;
            clauses.add("(" + clause(SearchDocument.columns(t), grams) + ")");
            headerTerm |= t.scope() == TextQuery.Scope.HEADER;
        }
        if (clauses.isEmpty()) return Optional.empty();
        String match = String.join(" AND ", clauses);
        Set<Long> uids = new TreeSet<>();
        Map<Long, FoldedSearch> rows = new HashMap<>();
        String data = withRows ? "h.data" : "NULL";
        String rowJoin = withRows ? ROW_JOIN : "";
        Watermark w = Watermark.of(c, mailboxId);
        if (w.gaps()) {
            // Some message below the watermark has no row in this user's part (a blob delivered to several users at
            // once is indexed in its first user's range only): probe each message, and take those as candidates.
            // As a plain join SQLite would run the MATCH once per message; as IN it runs it once.
            try (PreparedStatement ps = c.prepareStatement("SELECT m.uid, " + data + " FROM messages m" + rowJoin
                    + " WHERE m.mailbox_id = ? AND (m.blob_id IN (" + MATCHING + ") OR NOT "
                    + indexedFor("m.blob_id", "?") + ")")) {
                ps.setLong(1, mailboxId);
                bindMatching(ps, 2, userId, match);
                ps.setLong(6, userId);
                read(ps, uids, rows);
            }
        } else {
            // Every message up to the watermark has its row in this user's part.
            try (PreparedStatement ps = c.prepareStatement(candidatesSql(withRows))) {
                bindMatching(ps, 1, userId, match);
                ps.setLong(5, mailboxId);
                ps.setLong(6, w.uid());
                ps.setLong(7, mailboxId);
                ps.setLong(8, w.uid());
                read(ps, uids, rows);
            }
        }
        // HEADER search also looks past a truncated header in the raw bytes (SearchText.header): keep those. Such
        // blobs are rare: walk them (a partial index) rather than the mailbox.
        if (headerTerm) {
            try (PreparedStatement ps = c.prepareStatement("SELECT m.uid FROM structures s CROSS JOIN messages m"
                    + " WHERE s.headers_truncated <> 0 AND m.blob_id = s.blob_id AND m.mailbox_id = ?")) {
                ps.setLong(1, mailboxId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) uids.add(rs.getLong(1));
                }
            }
        }
        return Optional.of(new TextCandidates(uids, rows));
    }

    /** A term's trigrams, all of them, each in any of the term's columns: words as {@link TrigramRuns#columnWords}. */
    static String clause(List<String> columns, List<String> grams) {
        List<String> and = new ArrayList<>();
        for (String g : grams) {
            String word = TrigramRuns.word(g);
            List<String> or = columns.stream().map(col -> quote(digit(col) + word)).toList();
            and.add(or.size() == 1 ? or.getFirst() : "(" + String.join(" OR ", or) + ")");
        }
        return String.join(" AND ", and);
    }

    private static char digit(String column) {
        int i = SearchDocument.COLUMNS.indexOf(column);
        if (i < 0) throw new IllegalArgumentException("not an index column: " + column);
        return (char) ('0' + i);
    }

    private static final String ROW_JOIN = " LEFT JOIN folded_headers h ON h.blob_id = m.blob_id";

    /**
     * Candidates of a mailbox without gaps: the matching blobs, each looked up in messages_blob (CROSS JOIN keeps
     * SQLite from walking the mailbox instead), and the unindexed tail; UIDs and, {@code withRows}, the header rows.
     * Parameters: {@link #bindMatching}'s four, then the mailbox and the watermark twice.
     */
    static String candidatesSql(boolean withRows) {
        String data = withRows ? "h.data" : "NULL";
        String rowJoin = withRows ? ROW_JOIN : "";
        return "SELECT m.uid, " + data + " FROM (" + MATCHING_BLOBS + ") f CROSS JOIN messages m" + rowJoin
                + " WHERE m.blob_id = f.blob_id AND m.mailbox_id = ? AND m.uid <= ? UNION ALL SELECT m.uid, " + data
                + " FROM messages m" + rowJoin + " WHERE m.mailbox_id = ? AND m.uid > ?";
    }

    private static void read(PreparedStatement ps, Set<Long> uids, Map<Long, FoldedSearch> rows) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long uid = rs.getLong(1);
                uids.add(uid);
                byte[] row = rs.getBytes(2);
                if (row != null) rows.put(uid, FoldedSearch.fromBytes(row));
            }
        }
    }

    /** {@code search_indexed} of a mailbox: the UID indexing has reached, and whether it left gaps below it. */
    private record Watermark(long uid, boolean gaps) {
        static Watermark of(Connection c, long mailboxId) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT uid, gaps FROM search_indexed WHERE mailbox_id = ?")) {
                ps.setLong(1, mailboxId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Watermark(rs.getLong(1), rs.getLong(2) != 0) : new Watermark(0, false);
                }
            }
        }
    }

    /** Blob ids of one user's index rows matching an FTS5 query: the user's rowid range is part of the MATCH. */
    static final String MATCHING = "SELECT rowid - ? FROM search_index WHERE search_index MATCH ? AND rowid BETWEEN ? AND ?";

    /** {@link #MATCHING} with its column named {@code blob_id}, bound the same way. */
    private static final String MATCHING_BLOBS = "SELECT rowid - ? AS blob_id FROM search_index WHERE search_index MATCH ?"
            + " AND rowid BETWEEN ? AND ?";

    static void bindMatching(PreparedStatement ps, int first, long userId, String match) throws SQLException {
        long low = rowid(userId, 0);
        ps.setLong(first, low);
        ps.setString(first + 1, match);
        ps.setLong(first + 2, low);
        ps.setLong(first + 3, low | ((1L << USER_SHIFT) - 1));
    }

    /** An FTS5 string: inside double quotes everything is literal except the quote, which is doubled. */
    private static String quote(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
