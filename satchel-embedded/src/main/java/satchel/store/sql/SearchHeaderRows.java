package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import satchel.mime.FoldedSearch;
import satchel.mime.SearchHeaders;

/**
 * SQL of {@code folded_headers}: per blob, the folded Subject, From, To, Cc and Bcc fields ({@link SearchHeaders}),
 * written with the blob's other derived rows, so that a header SEARCH reads one small row per candidate instead of
 * its structure and deflated search text. A blob whose search headers were kept only in part has no row; its
 * SEARCH takes the old path, which reads the stored bytes.
 */
final class SearchHeaderRows {
    private SearchHeaderRows() {}

    static final String DELETE = "DELETE FROM folded_headers WHERE blob_id = ?";

    /** Blobs filled per statement by the migration. */
    private static final int BATCH = 1000;

    /** Schema: the table, filled for the mail already stored from its search data. */
    static Schema.Migration migration(Dialect d) {
        return new Schema.Migration(List.of(
                "CREATE TABLE folded_headers (blob_id " + d.integer() + " PRIMARY KEY REFERENCES blobs(id),"
                        + " data " + d.blobType() + " NOT NULL)"),
                SearchHeaderRows::backfill);
    }

    /**
     * Fills the rows of every blob whose search headers are complete, in batches by blob id, inflating only the
     * header part of each search text ({@link Messages#headers}). Runs in the migration's transaction: stopped
     * half way, it is rolled back and runs again whole.
     */
    static void backfill(Connection c) throws SQLException {
        long after = Long.MIN_VALUE;
        try (PreparedStatement read = c.prepareStatement("SELECT s.blob_id, d.data FROM structures s"
                + " JOIN search_data d ON d.blob_id = s.blob_id WHERE s.blob_id > ? AND s.headers_truncated = 0"
                + " ORDER BY s.blob_id LIMIT " + BATCH);
             PreparedStatement write = c.prepareStatement("INSERT INTO folded_headers (blob_id, data) VALUES (?, ?)");
             Derived.Inflating inflating = new Derived.Inflating()) {
            while (true) {
                read.setLong(1, after);
                int rows = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        after = rs.getLong(1);
                        write.setLong(1, after);
                        write.setBytes(2, SearchHeaders.of(Messages.headers(inflating, rs.getBytes(2))).toBytes());
                        write.addBatch();
                    }
                }
                if (rows == 0) return;
                write.executeBatch();
            }
        }
    }

    /**
     * Blobs in use whose search headers are complete but which have no row (header SEARCH then reads their
     * structure and search text: the same answers, slower), for {@code satchel check}.
     */
    static List<Long> missing(Connection c) throws SQLException {
        List<Long> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.blob_id FROM structures s WHERE s.headers_truncated = 0"
                + " AND NOT EXISTS (SELECT 1 FROM folded_headers h WHERE h.blob_id = s.blob_id)"
                + " AND (EXISTS (SELECT 1 FROM messages m WHERE m.blob_id = s.blob_id)"
                + " OR EXISTS (SELECT 1 FROM retained r WHERE r.blob_id = s.blob_id)) ORDER BY s.blob_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }

    /** Writes the rows of {@code blobIds} (from {@link #missing}) from their search data. */
    static void fill(Connection c, List<Long> blobIds) throws SQLException {
        try (PreparedStatement read = c.prepareStatement("SELECT data FROM search_data WHERE blob_id = ?");
             PreparedStatement write = c.prepareStatement("INSERT INTO folded_headers (blob_id, data) VALUES (?, ?)");
             Derived.Inflating inflating = new Derived.Inflating()) {
            for (long id : blobIds) {
                read.setLong(1, id);
                try (ResultSet rs = read.executeQuery()) {
                    if (!rs.next()) continue; // no search data: the structure check reparses such a blob
                    write.setLong(1, id);
                    write.setBytes(2, SearchHeaders.of(Messages.headers(inflating, rs.getBytes(1))).toBytes());
                    write.executeUpdate();
                }
            }
        }
    }

    /** The rows of new blobs, {@code derived.get(i)} for {@code blobIds[i]} (none where its row is null). */
    static void insert(Connection c, List<Derived> derived, long[] blobIds) throws SQLException {
        // None at all (older schema, see Derived#withoutSearchHeaders): the table may not exist yet.
        if (derived.stream().allMatch(d -> d.searchHeaders() == null)) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO folded_headers (blob_id, data) VALUES (?, ?)")) {
            int n = 0;
            for (int i = 0; i < blobIds.length; i++) {
                byte[] row = derived.get(i).searchHeaders();
                if (row == null) continue;
                ps.setLong(1, blobIds[i]);
                ps.setBytes(2, row);
                ps.addBatch();
                n++;
            }
            if (n > 0) ps.executeBatch();
        }
    }

    /**
     * The rows of the messages among {@code uids} (or of those expunged but still retained) that have one. A dense
     * set is one range scan of the mailbox's messages; a sparse one (a SEARCH's candidates) is looked up by UID.
     */
    static Map<Long, FoldedSearch> read(Connection c, long mailboxId, List<Long> uids) throws SQLException {
        Map<Long, FoldedSearch> out = new HashMap<>(uids.size() * 2);
        read(c, "messages", mailboxId, uids, out);
        if (out.size() < uids.size()) {
            // Expunged ones a reader still shows are retained (a handful); the others are truncated or gone, and
            // the caller takes the old path for them.
            List<Long> missing = uids.stream().filter(u -> !out.containsKey(u)).distinct().toList();
            read(c, "retained", mailboxId, missing, out);
        }
        return out;
    }

    private static void read(Connection c, String table, long mailboxId, List<Long> uids, Map<Long, FoldedSearch> out)
            throws SQLException {
        if (uids.isEmpty()) return;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (long u : uids) {
            min = Math.min(min, u);
            max = Math.max(max, u);
        }
        String select = "SELECT m.uid, h.data FROM " + table + " m JOIN folded_headers h ON h.blob_id = m.blob_id"
                + " WHERE m.mailbox_id = ? AND ";
        if (max - min + 1 <= 2L * uids.size()) {
            Set<Long> wanted = uids.size() == max - min + 1 ? null : new HashSet<>(uids);
            try (PreparedStatement ps = c.prepareStatement(select + "m.uid BETWEEN ? AND ?")) {
                ps.setLong(1, mailboxId);
                ps.setLong(2, min);
                ps.setLong(3, max);
                rows(ps, wanted, out);
            }
            return;
        }
        List<Long> sorted = uids.stream().sorted().distinct().toList();
        for (int from = 0; from < sorted.size(); from += 500) {
            List<Long> chunk = sorted.subList(from, Math.min(sorted.size(), from + 500));
            try (PreparedStatement ps = c.prepareStatement(select + "m.uid IN ("
                    + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")")) {
                ps.setLong(1, mailboxId);
                for (int i = 0; i < chunk.size(); i++) ps.setLong(i + 2, chunk.get(i));
                rows(ps, null, out);
            }
        }
    }

    private static void rows(PreparedStatement ps, Set<Long> wanted, Map<Long, FoldedSearch> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long uid = rs.getLong(1);
                if (wanted == null || wanted.contains(uid)) out.put(uid, FoldedSearch.fromBytes(rs.getBytes(2)));
            }
        }
    }
}
