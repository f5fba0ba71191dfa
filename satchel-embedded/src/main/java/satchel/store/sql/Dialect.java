package satchel.store.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import satchel.store.Doorbells;
import satchel.store.StoreException;

/**
 * What differs between the SQL databases the shared store code ({@link SqlMailStore}) runs on. Everything else,
 * the schema's tables, mailboxes, messages, writes and the mailbox-tree rules, is one JDBC code base.
 *
 * <ul>
 *   <li>Column types: every number the store keeps (ids, UIDs, modseqs, sizes, dates) is a 64-bit {@link #integer}.
 *   <li>The write path and change notification: {@link #open} makes the {@link Database} (SQLite: one writer with
 *       group commit and in-process doorbells; PostgreSQL: pooled concurrent transactions, LISTEN/NOTIFY).
 *   <li>The full-text index ({@link #fullText}) and the engine's own integrity check ({@link #integrity}).
 *   <li>Error translation: which failures are "full", "busy", "conflict".
 * </ul>
 */
public interface Dialect {
    /** A 64-bit integer column (SQLite's INTEGER is 64-bit already; PostgreSQL's is 32). */
    String integer();

    /** A primary key the database numbers, never reusing the ids of deleted rows. */
    String autoIncrementKey();

    String blobType();

    /**
     * Text compared byte-wise: mailbox-name range scans ({@code name >= 'a/' AND name < 'a0'}) must not follow a
     * locale's collation.
     */
    String nameType();

    /** Suffix for tables whose primary key is the natural access path (clusters messages by mailbox and UID). */
    String clusteredSuffix();

    /** The two-argument maximum and minimum functions. */
    String greatest();

    String least();

    FullTextIndex fullText();

    /**
     * Whether {@code WITH} may hold INSERT and UPDATE (PostgreSQL, not SQLite). Where it may, and statements cross a
     * network, APPEND writes its rows in three round trips ({@link PipelinedAppend}) instead of a dozen per message.
     */
    default boolean writableCtes() {
        return false;
    }

    /**
     * Migration 11: how the database keeps large values. Message bytes are not compressed by the store, search data
     * is (deflated); a database that compresses on its own may choose a cheaper way. Nothing by default.
     */
    default void tuneStorage(Connection c) throws SQLException {}

    /**
     * Whether new search text is deflated ({@link Derived}); otherwise it is kept in zlib's stored blocks, which every
     * reader inflates the same way, at no compression CPU. Deflated by default: PostgreSQL keeps search data out of
     * TOAST's compression and inline while it is under 2 kB, which the deflated text of most mail is.
     */
    default boolean deflatesSearchText() {
        return true;
    }

    /** Starts the migration transaction, holding what keeps a second process or node from migrating at once. */
    void beginMigration(Connection c) throws SQLException;

    /** Lines describing damage the engine itself finds (empty: none); {@code check} reports them. */
    List<String> integrity(Connection c) throws SQLException;

    /** Client-safe translation: the SQL and its text never reach the client, only the kind of failure. */
    StoreException translate(SQLException e);

    /** Whether the failure means no room is left (so a write that frees room may use the reserve). */
    boolean isFull(SQLException e);

    /**
     * Whether other processes (nodes) may serve the same database at once. Then a process starting up cannot
     * assume no session remembers an expunged message: retained data is not all dropped at start-up.
     */
    boolean sharedByNodes();

    /** Opens the connections, migrates the schema and starts change notification; doorbells ring after commits. */
    Database open(Doorbells doorbells) throws SQLException, StoreException;
}
