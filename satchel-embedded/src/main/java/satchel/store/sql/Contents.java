package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A message's bytes ({@link BlobStore}) and what is derived from them ({@link Derived}: structure, search text,
 * full-text row), written and dropped together inside the caller's transaction.
 */
record Contents(BlobStore blobs, FullTextIndex fullText) {
    /** Stores a new message's bytes and everything derived from them; returns the blob id. */
    long store(Connection c, byte[] content, Derived derived, long userId) throws SQLException {
        long blobId = blobs.put(c, content);
        derived.insert(c, fullText, blobId, userId);
        return blobId;
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
        Derived.delete(c, fullText, unused);
        blobs.delete(c, unused);
    }
}
