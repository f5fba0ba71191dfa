package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;

/**
 * Message bytes in the {@code blobs} table of the database itself: one commit covers bytes and rows, so there is
 * nothing to collect after a crash. The embedded store's bytes pass through SQLite's WAL (written twice); in
 * PostgreSQL they are shared by every node.
 */
public final class DatabaseBlobs implements BlobStore {
    @Override
    public long put(Connection c, byte[] content) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO blobs (content) VALUES (?) RETURNING id")) {
            ps.setBytes(1, content);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public Optional<byte[]> get(Connection c, long blobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT content FROM blobs WHERE id = ?")) {
            ps.setLong(1, blobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** A single-message body FETCH (issue 11): one statement instead of a mailbox check, a row lookup and this read. */
    @Override
    public Optional<byte[]> ofMessage(Connection c, long userId, long mailboxId, long uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT b.content FROM messages m JOIN blobs b ON b.id = m.blob_id"
                + " WHERE m.mailbox_id = ? AND m.uid = ? AND EXISTS (SELECT 1 FROM mailboxes x WHERE x.id = m.mailbox_id"
                + " AND x.user_id = ? AND x.selectable <> 0)")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, uid);
            ps.setLong(3, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    @Override
    public void delete(Connection c, Collection<Long> blobIds) throws SQLException {
        if (blobIds.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM blobs WHERE id = ?")) {
            for (long id : blobIds) {
                ps.setLong(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
