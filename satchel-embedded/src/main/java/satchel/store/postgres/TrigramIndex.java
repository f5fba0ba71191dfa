package satchel.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import satchel.mime.SearchFold;
import satchel.store.TextQuery;
import satchel.store.sql.FullTextIndex;
import satchel.store.sql.SearchDocument;
import satchel.store.sql.TrigramRuns;

/**
 * The PostgreSQL full-text index: one row per blob in {@code search_index} holding the same folded columns as the
 * SQLite store's FTS5 table ({@link SearchDocument}), under one pg_trgm GIN index over every column. A term asks for
 * the same few trigrams FTS5 is asked for, each as {@code col LIKE '%tri%'} (which pg_trgm answers from the index):
 * the same candidates, so the same results after the exact check.
 *
 * <p>Users are kept apart inside the index: it leads with {@code user_id} (btree_gin), so a search intersects the
 * user's entries with the trigrams' and never walks another user's postings.
 *
 * <p>One index, not one per column (issue 12): a GIN index over several columns keys each entry by its column, so
 * it answers a LIKE on any one of them as a per-column index does, while a row costs one index insertion, one
 * pending-list append and one {@code user_id} posting instead of seven. Each column holds {@link TrigramRuns} of its
 * text, which has exactly the text's 3-character substrings (all a {@code LIKE '%tri%'} asks about) in a fraction of
 * the characters: less for pg_trgm to split and TOAST to compress at insert, and for the recheck to read.
 */
final class TrigramIndex implements FullTextIndex {
    private static final String COLUMNS = String.join(", ", SearchDocument.COLUMNS);

    @Override
    public List<String> migration(int version) {
        return switch (version) {
            case 2 -> created();
            case 15 -> oneIndex(); // users were apart from the start: nothing to do at 5
            default -> List.of();
        };
    }

    private static List<String> created() {
        List<String> sql = new ArrayList<>(List.of(
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE EXTENSION IF NOT EXISTS btree_gin",
                "CREATE TABLE search_index (blob_id BIGINT PRIMARY KEY REFERENCES blobs(id), user_id BIGINT NOT NULL, "
                        + String.join(", ", SearchDocument.COLUMNS.stream().map(c -> c + " TEXT NOT NULL").toList())
                        + ")"));
        for (String c : SearchDocument.COLUMNS) {
            sql.add("CREATE INDEX search_" + c + " ON search_index USING gin (user_id, " + c + " gin_trgm_ops)");
        }
        return sql;
    }

    /** The per-column indexes of {@link #created} give way to one over every column (rows stay as they are). */
    private static List<String> oneIndex() {
        List<String> sql = new ArrayList<>();
        for (String c : SearchDocument.COLUMNS) sql.add("DROP INDEX IF EXISTS search_" + c);
        sql.add("CREATE INDEX search_trigrams ON search_index USING gin (user_id, " + String.join(", ",
                SearchDocument.COLUMNS.stream().map(c -> c + " gin_trgm_ops").toList()) + ")");
        return sql;
    }

    @Override
    public void afterMigration(int version, Connection c) {
        // The PostgreSQL schema starts at the current layout: there is no older index to convert.
    }

    /**
     * PostgreSQL text cannot hold NUL, so runs are joined by a noncharacter instead, and a NUL of the text becomes
     * one too: a term without it matches as before, and one with it (or with NUL, which gives no trigram) at worst
     * finds a join, a candidate the exact check turns away.
     */
    private static final char SEPARATOR = '\uFFFF';

    @Override
    public String[] row(String[] document) {
        String[] row = new String[document.length];
        for (int i = 0; i < row.length; i++) row[i] = TrigramRuns.of(document[i].replace('\0', SEPARATOR), SEPARATOR);
        return row;
    }

    private static final String INSERT = "INSERT INTO search_index (blob_id, user_id, " + COLUMNS + ") VALUES (?, ?"
            + ", ?".repeat(SearchDocument.COLUMNS.size()) + ")";

    @Override
    public void insert(Connection c, long userId, long blobId, String[] document) throws SQLException {
        insertAll(c, userId, new java.util.LinkedHashMap<>(java.util.Map.of(blobId, document)));
    }

    /**
     * One JDBC batch, which the driver pipelines: a batch of the indexer costs one round trip instead of one per
     * message (64), each of which held its write transaction open on a starved machine.
     */
    @Override
    public void insertAll(Connection c, long userId, java.util.SequencedMap<Long, String[]> documents)
            throws SQLException {
        if (documents.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (var d : documents.entrySet()) {
                String[] document = d.getValue();
                ps.setLong(1, d.getKey());
                ps.setLong(2, userId);
                for (int i = 0; i < document.length; i++) ps.setString(i + 3, document[i].replace('\0', SEPARATOR));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** One statement for the whole list (it was one per blob: 64 round trips per indexer batch, twice). */
    @Override
    public Set<Long> indexed(Connection c, Collection<Long> blobIds) throws SQLException {
        Set<Long> out = new java.util.HashSet<>();
        if (blobIds.isEmpty()) return out;
        try (PreparedStatement ps = c.prepareStatement("SELECT blob_id FROM search_index WHERE blob_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", blobIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
        }
        return out;
    }

    @Override
    public Optional<String> rowTable() {
        return Optional.of("search_index");
    }

    @Override
    public void delete(Connection c, Collection<Long> blobIds) throws SQLException {
        if (blobIds.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM search_index WHERE blob_id = ?")) {
            for (long id : blobIds) {
                ps.setLong(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public Optional<Set<Long>> candidates(Connection c, long userId, long mailboxId, List<TextQuery> terms)
            throws SQLException {
        StringBuilder where = new StringBuilder();
        List<String> patterns = new ArrayList<>();
        boolean headerTerm = false;
        for (TextQuery t : terms) {
            List<String> grams = SearchDocument.trigrams(SearchFold.fold(t.text()));
            if (grams.isEmpty()) continue;
            List<String> columns = SearchDocument.columns(t);
            for (String g : grams) {
                // As FTS5's {cols} : (g1 AND g2 …): each trigram somewhere in the term's columns.
                where.append(" AND (").append(String.join(" OR ", columns.stream().map(col -> col + " LIKE ?")
                        .toList())).append(')');
                for (int i = 0; i < columns.size(); i++) patterns.add('%' + escape(g) + '%');
            }
            headerTerm |= t.scope() == TextQuery.Scope.HEADER;
        }
        if (patterns.isEmpty()) return Optional.empty();
        Set<Long> out = new TreeSet<>();
        // A blob delivered to several users at once is indexed for its first user only: for the others it is
        // always a candidate, and the exact check decides.
        try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM messages m WHERE mailbox_id = ? AND (blob_id IN"
                + " (SELECT blob_id FROM search_index WHERE user_id = ?" + where + ") OR NOT EXISTS (SELECT 1 FROM"
                + " search_index s WHERE s.blob_id = m.blob_id AND s.user_id = ?))")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, userId);
            for (int i = 0; i < patterns.size(); i++) ps.setString(i + 3, patterns.get(i));
            ps.setLong(patterns.size() + 3, userId);
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

    @Override
    public String indexedFor(String blob, String user) {
        return "EXISTS (SELECT 1 FROM search_index s WHERE s.blob_id = " + blob + " AND s.user_id = " + user + ")";
    }

    /** LIKE's wildcards and its escape character, taken literally. */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
