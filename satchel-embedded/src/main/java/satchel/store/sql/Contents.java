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
}
