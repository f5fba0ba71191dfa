package satchel.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import satchel.store.StoreException;
import satchel.store.sql.Database;
import satchel.store.sql.Dialect;

/**
 * The database, with a writer that is always (or never) busy with others' writes, for background work that gives way
 * to it (the full-text indexer, the retained purge); counts the writes through {@link #write(Work, long)}.
 */
record BusyWriter(SqliteDatabase db, AtomicBoolean busy, AtomicLong writes) implements Database {
    BusyWriter(SqliteDatabase db, AtomicBoolean busy) {
        this(db, busy, new AtomicLong());
    }

    @Override
    public long writerBusyNanos() {
        return busy.get() ? 4 * System.nanoTime() : 0; // busy four times over: whatever the caller's own share
    }

    @Override
    public long rowWrites() {
        return db.rowWrites();
    }

    @Override
    public <T> T read(Work<T> work) throws StoreException {
        return db.read(work);
    }

    @Override
    public <T> T readOne(Work<T> work) throws StoreException {
        return db.readOne(work);
    }

    @Override
    public <T> T write(Work<T> work, long bytes) throws StoreException {
        writes.incrementAndGet();
        return db.write(work, bytes);
    }

    @Override
    public <T> T writeGrowing(Work<T> work, long bytes) throws StoreException {
        return db.writeGrowing(work, bytes);
    }

    @Override
    public <T> satchel.store.Pending<T> submitGrowing(Work<T> work, long bytes) {
        return db.submitGrowing(work, bytes);
    }

    @Override
    public Arrival arriving() {
        return db.arriving();
    }

    @Override
    public <T> T writeOne(Work<T> work) throws StoreException {
        return db.writeOne(work);
    }

    @Override
    public <T> T writeFreeing(Work<T> work) throws StoreException {
        return db.writeFreeing(work);
    }

    @Override
    public Dialect dialect() {
        return db.dialect();
    }

    @Override
    public Duration shareHolds(satchel.store.Holds holds, Duration grace) {
        return db.shareHolds(holds, grace);
    }

    @Override
    public long othersFloor(Connection c, long mailbox) throws SQLException {
        return db.othersFloor(c, mailbox);
    }

    @Override
    public boolean readOnly() {
        return db.readOnly();
    }

    @Override
    public void close() {
        db.close();
    }
}
