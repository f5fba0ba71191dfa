package satchel.store;

/**
 * A write queued now and awaited later. Where writes are committed in groups (SQLite), a session that has read
 * several pipelined APPENDs queues them all before it waits for the first, so they share one commit instead of
 * one each (issue 11). Where they are not, the write simply runs when awaited.
 */
@FunctionalInterface
public interface Pending<T> {
    /** Waits until the write has committed (or failed) and returns its result or throws its failure. Call once. */
    T await() throws StoreException;
}
