package satchel.store.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import satchel.store.MailboxId;
import satchel.store.StoreException;

/**
 * The write path of one SQL database: reads in a consistent snapshot, writes in a transaction that has committed
 * when the call returns. Mailboxes added to {@link Tx#ring} hear their doorbell after the commit, in this process
 * and on every other node sharing the database. Thread-safe.
 */
public interface Database extends AutoCloseable {
    /** One transaction's work. It may run more than once if the database asks to retry (PostgreSQL conflicts). */
    interface Work<T> {
        T run(Tx tx) throws SQLException, StoreException;
    }

    /**
     * One transaction: its connection, the mailboxes to ring after commit, and the clause that locks rows read for
     * update ({@code " FOR UPDATE"} where writers run concurrently, empty where there is only one).
     */
    record Tx(Connection c, Set<MailboxId> ring, String lockRows) {}

    <T> T read(Work<T> work) throws StoreException;

    /**
     * A read of exactly one statement, which is consistent on its own: where each statement is a network round trip
     * (PostgreSQL), it runs without a transaction around it, saving the COMMIT's. Anything more is a {@link #read}.
     */
    default <T> T readOne(Work<T> work) throws StoreException {
        return read(work);
    }

    /** {@code bytes}: about how much the work writes (bounds a commit group where writes are grouped). */
    <T> T write(Work<T> work, long bytes) throws StoreException;

    default <T> T write(Work<T> work) throws StoreException {
        return write(work, 0);
    }

    /** A write that needs room (APPEND, COPY); may be refused while the disk is full. */
    default <T> T writeGrowing(Work<T> work, long bytes) throws StoreException {
        return write(work, bytes);
    }

    /**
     * {@link #writeGrowing}, queued now and awaited later, so that writes queued back to back by one caller can share
     * a commit where writes are grouped. This default runs it when awaited. Every one must be awaited.
     */
    default <T> satchel.store.Pending<T> submitGrowing(Work<T> work, long bytes) {
        return () -> writeGrowing(work, bytes);
    }

    /**
     * Says that a write is being prepared (an APPEND's message parsed, folded, compressed) and will be {@link
     * #submitGrowing submitted} before the returned token is closed. Where writes share a commit, one about to start
     * may wait a moment for such writes, so that they share its fsync instead of waiting for the next (issue 11).
     * Close it in all cases, submitted or not. This default does nothing.
     */
    default Arrival arriving() {
        return Arrival.NONE;
    }

    /** See {@link #arriving}; closing it more than once is harmless. */
    interface Arrival extends AutoCloseable {
        Arrival NONE = () -> {};

        @Override
        void close();
    }

    /**
     * {@link #writeFreeing} of exactly one statement, atomic on its own: where each statement is a network round trip
     * (PostgreSQL), it runs without a transaction around it, so the COMMIT's trip is saved and any row it locks is free
     * again as soon as the statement is done. Anything more, or work that must be able to roll back after its
     * statement ran, is a {@link #writeFreeing}.
     */
    default <T> T writeOne(Work<T> work) throws StoreException {
        return writeFreeing(work);
    }

    /**
     * Nanoseconds the database's one write connection has spent on writes since it opened, or -1 where writers run
     * concurrently (PostgreSQL) and there is no such thing: background work reads it to give way to others' writes.
     */
    default long writerBusyNanos() {
        return -1;
    }

    /**
     * Writes queued since the database opened that declare no bytes ({@link #write(Work, long)}): flag and \Recent
     * updates, expunges, COPY and MOVE, mailbox changes, background purges, the writes a client waits on between its
     * APPENDs, which declare their size. -1 where it is not counted (concurrent writers): background work that gives
     * way to {@link #writerBusyNanos} reads it to know whether more than appends queue behind its writes.
     */
    default long rowWrites() {
        return -1;
    }

    /** A write that frees room or only updates rows; may use room kept back for that. */
    default <T> T writeFreeing(Work<T> work) throws StoreException {
        return write(work, 0);
    }

    Dialect dialect();

    /**
     * Where several processes share the database: starts publishing {@code holds} (this process's sessions' claims
     * on expunged messages) for the others, and returns how long a new hold may take to be seen by them (an
     * expunged message is not purged before it is this old). Nothing to do, and zero, for a database one process
     * owns.
     */
    default java.time.Duration shareHolds(satchel.store.Holds holds, java.time.Duration grace) {
        return java.time.Duration.ZERO;
    }

    /**
     * The lowest modseq other processes' live holds on {@code mailbox} have reached ({@link Long#MAX_VALUE}: none),
     * read in the caller's transaction.
     */
    default long othersFloor(Connection c, long mailbox) throws SQLException {
        return Long.MAX_VALUE;
    }

    /** Whether every write is refused (a store opened only to read): nothing may be purged or migrated. */
    default boolean readOnly() {
        return false;
    }

    @Override void close();
}
