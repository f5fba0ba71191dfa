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
 * The PostgreSQL full-text index: one row per blob in {@code search_index} holding the keys of the (column, trigram)
 * pairs of the same folded columns as the SQLite store's FTS5 table ({@link SearchDocument}), an {@code int4[]}
 * under one GIN index ({@link TrigramKeys}). A term asks for the same few trigrams FTS5 is asked for, each as the
 * keys of its columns: the same candidates (a hash collision adds one), so the same results after the exact check.
 *
 * <p>Users are kept apart inside the index: it leads with {@code user_id} (btree_gin), so a search intersects the
 * user's entries with the trigrams' and never walks another user's postings.
 *
 * <p>Keys made in Java rather than pg_trgm over the text (issue 12, ninth round): the row's insert was PostgreSQL's
 * largest statement per APPEND. pg_trgm split each column's text into words and trigrams inside the inserting
 * backend, TOAST compressed the text, and a {@code LIKE} read it back to recheck each candidate; the keys are made
 * on the session's thread ({@link #row}), arrive sorted and distinct, and {@code @>} / {@code &&} on an array need
 * no recheck.
 */
final class TrigramIndex implements FullTextIndex {
    @Override
    public List<String> migration(int version) {
        return switch (version) {
            case 2 -> created();
            case 15 -> oneIndex(); // users were apart from the start: nothing to do at 5
            case 17 -> keys();
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

    /**
     * Rows of {@link TrigramKeys} instead of text under pg_trgm. The old rows go and every watermark goes back to 0:
     * the indexer rebuilds the rows in the background, and meanwhile a blob without a row is a candidate of every
     * search ({@link #candidates}), so results stay exact throughout.
     */
    private static List<String> keys() {
        return List.of("DROP TABLE search_index",
                "CREATE TABLE search_index (blob_id BIGINT PRIMARY KEY REFERENCES blobs(id), user_id BIGINT NOT NULL,"
                        + " keys INT4[] NOT NULL)",
                // Hashed keys do not compress: a long row goes out of line as it is, without pglz trying first.
                "ALTER TABLE search_index ALTER COLUMN keys SET STORAGE EXTERNAL",
                "CREATE INDEX search_keys ON search_index USING gin (user_id, keys)",
                "UPDATE search_indexed SET uid = 0, gaps = 0");
    }

    @Override
    public void afterMigration(int version, Connection c) {
        // The PostgreSQL schema starts at the current layout: there is no older index to convert.
    }

    /** The row's keys, sorted, in one text ({@link TrigramKeys#encode}): made before the write, off the database. */
    @Override
    public String[] row(String[] document) {
        return new String[] {TrigramKeys.encode(TrigramKeys.of(document))};
    }

    private static final String INSERT = "INSERT INTO search_index (blob_id, user_id, keys) VALUES (?, ?, ?)";

    @Override
    public void insert(Connection c, long userId, long blobId, String[] row) throws SQLException {
        insertAll(c, userId, new java.util.LinkedHashMap<>(java.util.Map.of(blobId, row)));
    }

    /**
     * One JDBC batch, which the driver pipelines: a batch of the indexer costs one round trip instead of one per
     * message (64), each of which held its write transaction open on a starved machine. The keys go as a binary
     * {@code int4[]}.
     */
    @Override
    public void insertAll(Connection c, long userId, java.util.SequencedMap<Long, String[]> rows)
            throws SQLException {
        if (rows.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (var d : rows.entrySet()) {
                ps.setLong(1, d.getKey());
                ps.setLong(2, userId);
                ps.setArray(3, ints(c, TrigramKeys.decode(d.getValue()[0])));
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
        // As FTS5's {cols} : (g1 AND g2 …): each trigram somewhere in the term's columns. A trigram with one key
        // joins the others in one @>, one with several (a term in several columns) is an && of its own.
        List<Integer> all = new ArrayList<>();
        List<int[]> any = new ArrayList<>();
        boolean headerTerm = false;
        for (TextQuery t : terms) {
            List<String> grams = SearchDocument.trigrams(SearchFold.fold(t.text()), true);
            if (grams.isEmpty()) continue;
            for (int[] keys : TrigramKeys.query(grams, SearchDocument.columns(t))) {
                if (keys.length == 1) all.add(keys[0]);
                else any.add(keys);
            }
            headerTerm |= t.scope() == TextQuery.Scope.HEADER;
        }
        if (all.isEmpty() && any.isEmpty()) return Optional.empty();
        String where = (all.isEmpty() ? "" : " AND keys @> ?") + " AND keys && ?".repeat(any.size());
        Set<Long> out = new TreeSet<>();
        // A blob delivered to several users at once is indexed for its first user only: for the others it is
        // always a candidate, and the exact check decides.
        try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM messages m WHERE mailbox_id = ? AND (blob_id IN"
                + " (SELECT blob_id FROM search_index WHERE user_id = ?" + where + ") OR NOT EXISTS (SELECT 1 FROM"
                + " search_index s WHERE s.blob_id = m.blob_id AND s.user_id = ?))")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, userId);
            int p = 3;
            if (!all.isEmpty()) ps.setArray(p++, ints(c, all.stream().mapToInt(Integer::intValue).toArray()));
            for (int[] keys : any) ps.setArray(p++, ints(c, keys));
            ps.setLong(p, userId);
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

    /** An {@code int4[]} parameter from a primitive array, which the driver sends in binary (no boxing, no text). */
    private static java.sql.Array ints(Connection c, int[] keys) throws SQLException {
        return c.unwrap(org.postgresql.PGConnection.class).createArrayOf("int4", keys);
    }
}
