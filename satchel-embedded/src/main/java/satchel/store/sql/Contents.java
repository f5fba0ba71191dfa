package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A message's bytes ({@link BlobStore}) and what is derived from them ({@link Derived}: structure, search text),
 * written and dropped together inside the caller's transaction. The full-text row follows later ({@link
 * SearchIndexer}) and is dropped here with the rest; a blob dropped before it was indexed has none.
 */
record Contents(BlobStore blobs, FullTextIndex fullText, Fresh fresh, boolean deflatesSearchText) {
    /** Told of each new blob's full-text row ({@link Prepared#indexRow}), so the indexer need not decode it again. */
    @FunctionalInterface
    interface Fresh {
        Fresh NONE = (_, _) -> {};

        void stored(long blobId, String[] indexRow);
    }

    Contents(BlobStore blobs, FullTextIndex fullText) {
        this(blobs, fullText, Fresh.NONE, true);
    }

    /** Stores new messages' bytes and what is derived from them; returns the blob ids, in order. */
    long[] store(Connection c, List<Prepared> messages) throws SQLException {
        long[] ids = new long[messages.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = blobs.put(c, messages.get(i).content());
        Derived.insertData(c, messages.stream().map(Prepared::derived).toList(), ids);
        // Before the commit: a blob whose write then fails is never looked up, and ages out of the indexer's memory.
        for (int i = 0; i < ids.length; i++) fresh.stored(ids[i], messages.get(i).indexRow());
        return ids;
    }

    /**
     * Deletes the blobs no message (nor retained expunged message) refers to any more, with their structures,
     * search text and index rows.
     */
    void dropUnused(Connection c, Collection<Long> candidates) throws SQLException {
        if (candidates.isEmpty()) return;
        if (blobs instanceof DatabaseBlobs && fullText.rowTable().isPresent()) {
            dropUnusedAtOnce(c, candidates, fullText.rowTable().get());
            return;
        }
        List<Long> unused = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM messages WHERE blob_id = ?"
                + " UNION ALL SELECT 1 FROM retained WHERE blob_id = ? LIMIT 1")) {
            for (long id : candidates) {
                ps.setLong(1, id);
                ps.setLong(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) unused.add(id);
                }
            }
        }
        if (unused.isEmpty()) return;
        ObjectRows.forget(c, unused);
        Derived.delete(c, fullText, unused);
        blobs.delete(c, unused);
    }

    /**
     * {@link #dropUnused} as one statement (PostgreSQL, issue 12): it was a check per blob and seven batched deletes,
     * each a round trip. The check and the deletes share the statement's snapshot, as the check and the deletes
     * after it did under READ COMMITTED; the foreign keys to {@code blobs} are checked at the statement's end, when
     * the rows referring to a blob are gone, and refuse it (rolling the statement back) if a message still refers to
     * it then.
     */
    private static void dropUnusedAtOnce(Connection c, Collection<Long> candidates, String indexTable)
            throws SQLException {
        StringBuilder sql = new StringBuilder("WITH u AS (SELECT c.id FROM unnest(?::bigint[]) c (id)"
                + " WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.blob_id = c.id)"
                + " AND NOT EXISTS (SELECT 1 FROM retained r WHERE r.blob_id = c.id))");
        String[] tables = {"previews", "message_threads", indexTable, "search_data", "structures", "folded_headers"};
        for (int t = 0; t < tables.length; t++) {
            sql.append(", d").append(t).append(" AS (DELETE FROM ").append(tables[t])
                    .append(" WHERE blob_id IN (SELECT id FROM u))");
        }
        sql.append(" DELETE FROM blobs WHERE id IN (SELECT id FROM u)");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setArray(1, c.createArrayOf("bigint", candidates.toArray()));
            ps.executeUpdate();
        }
    }
}
