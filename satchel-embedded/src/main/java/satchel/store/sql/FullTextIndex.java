package satchel.store.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import satchel.store.TextCandidates;
import satchel.store.TextQuery;

/**
 * The dialect's full-text index over the folded search text ({@link SearchDocument}), one row per blob, written
 * by the {@link SearchIndexer} after the blob is stored and emptied in the transaction that drops it. A blob
 * without a row (not indexed yet) is always a candidate of {@link #candidates}, so the index is never stale. Each user's rows are kept apart,
 * so a search never reads (nor takes time over) another user's mail. A blob shared by several users (one
 * delivery to several recipients, {@code SqlMailStore.deliver}) has its row in the first user's part only; for the
 * others {@link #candidates} takes it without narrowing. Candidates are a superset of the matches;
 * the session's exact check decides, so results are the same whatever the index.
 */
public interface FullTextIndex {
    /** Schema statements of migration {@code version} for this index (2 creates it, 5 partitions it by user). */
    List<String> migration(int version);

    /** Java step of that migration, run after its statements. */
    void afterMigration(int version, Connection c) throws SQLException;

    void insert(Connection c, long userId, long blobId, String[] document) throws SQLException;

    /**
     * The document in the form {@link #insert} takes it, made on the indexer's thread before the write: by default
     * the document itself. An index may pass a cheaper text that gives it the same candidates.
     */
    default String[] row(String[] document) {
        return document;
    }

    /** {@link #insert} of several rows (blob id to document, in order); one at a time unless the index does better. */
    default void insertAll(Connection c, long userId, java.util.SequencedMap<Long, String[]> documents)
            throws SQLException {
        for (var d : documents.entrySet()) insert(c, userId, d.getKey(), d.getValue());
    }

    /** Which of {@code blobIds} have a row already (a mutable set). */
    Set<Long> indexed(Connection c, Collection<Long> blobIds) throws SQLException;

    /** Removes the rows of blobs about to go (those never indexed are skipped). */
    void delete(Connection c, Collection<Long> blobIds) throws SQLException;

    /**
     * The table of its rows, where {@link #delete} is a plain DELETE by {@code blob_id} that can go into one statement
     * with the blob's other rows ({@link Contents#dropUnused}, PostgreSQL); empty where it is not.
     */
    default Optional<String> rowTable() {
        return Optional.empty();
    }

    /** UIDs in the mailbox that may match every term, or empty if no term can be narrowed by the index. */
    Optional<Set<Long>> candidates(Connection c, long userId, long mailboxId, List<TextQuery> terms)
            throws SQLException;

    /**
     * {@link #candidates} with the {@code folded_headers} rows of the candidates that have one, where the index can
     * read them in the same statement; this default reads none.
     */
    default Optional<TextCandidates> headerCandidates(Connection c, long userId, long mailboxId, List<TextQuery> terms)
            throws SQLException {
        return candidates(c, userId, mailboxId, terms).map(TextCandidates::of);
    }

    /**
     * An SQL condition: blob {@code blob} (a column or parameter) has an index row in user {@code user}'s part. A
     * message whose blob has none is a candidate of every search of that user (see {@link SearchIndexer}: the
     * not-yet-indexed tail, and blobs indexed in another user's part).
     */
    String indexedFor(String blob, String user);
}
