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

/**
 * The PostgreSQL full-text index: one row per blob in {@code search_index} holding the same folded columns as the
 * SQLite store's FTS5 table ({@link SearchDocument}), with a pg_trgm GIN index per column. A term asks for the same
 * few trigrams FTS5 is asked for, each as {@code col LIKE '%tri%'} (which pg_trgm answers from the index): the
 * same candidates, so the same results after the exact check.
 *
 * <p>Users are kept apart inside the index: each GIN index leads with {@code user_id} (btree_gin), so a search
 * intersects the user's entries with the trigrams' and never walks another user's postings.
 */
final class TrigramIndex implements FullTextIndex {
    private static final String COLUMNS = String.join(", ", SearchDocument.COLUMNS);

    @Override
    public List<String> migration(int version) {
        if (version != 2) return List.of(); // users were apart from the start: nothing to do at 5
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

    @Override
    public void afterMigration(int version, Connection c) {
        // The PostgreSQL schema starts at the current layout: there is no older index to convert.
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
                // PostgreSQL text cannot hold NUL. A space in its place: a term without NUL matches as before, and
                // a term with NUL gives no trigram, so it never narrows (SearchDocument.trigrams).
                for (int i = 0; i < document.length; i++) ps.setString(i + 3, document[i].replace('\0', ' '));
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
