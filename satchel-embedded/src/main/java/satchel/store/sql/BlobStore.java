package satchel.store.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;

/**
 * Where message bytes live. A blob is written once, referenced by id from every message that holds those bytes
 * (COPY shares it), and deleted when nothing refers to it any more; the callers track references. Calls run
 * inside the caller's transaction, so a blob store in the database is exactly as atomic as the rows that point
 * at it. A store outside the database (content-addressed files, an object store) must keep the same promise at
 * kill -9: bytes durable before the row that names them commits, unreferenced bytes collected later (see
 * docs/storage.md).
 */
public interface BlobStore {
    /** Stores the bytes; returns the new blob's id. */
    long put(Connection c, byte[] content) throws SQLException;

    Optional<byte[]> get(Connection c, long blobId) throws SQLException;

    /**
     * The bytes of message {@code uid} in the user's selectable mailbox, found and read in one statement (so it needs
     * no transaction around it), or empty: no such live message, or a store that cannot join its bytes to the rows.
     * Empty is not an answer; the caller then looks the message up step by step (retained expunged messages, errors).
     */
    default Optional<byte[]> ofMessage(Connection c, long userId, long mailboxId, long uid) throws SQLException {
        return Optional.empty();
    }

    void delete(Connection c, Collection<Long> blobIds) throws SQLException;
}
