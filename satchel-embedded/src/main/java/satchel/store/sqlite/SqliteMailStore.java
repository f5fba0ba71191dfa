package satchel.store.sqlite;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import satchel.store.MailboxLimits;
import satchel.store.PrivateFiles;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.sql.SqlMailStore;

/**
 * The embedded default store: one SQLite database ({@code satchel.db}, WAL, synchronous=FULL) in a data
 * directory, run by the shared SQL store code with {@link SqliteDialect}. Thread-safe; an operation that returned
 * is durable. Only one process should open a directory at a time for writing (SQLite would serialise them, but
 * doorbells are in-process only).
 */
public final class SqliteMailStore extends SqlMailStore {
    static final String FILE_NAME = "satchel.db";

    /** How long an expunged message stays readable at most for a session that never catches up. */
    public static final Duration DEFAULT_GRACE = SqlMailStore.DEFAULT_GRACE;

    /** Knobs tests turn: a page cap (to simulate a full disk), the disk reserve, the retention grace period. */
    record Tuning(long maxPageCount, long reserveBytes, Duration grace) {
        static final Tuning DEFAULT = new Tuning(0, DiskReserve.DEFAULT_BYTES, DEFAULT_GRACE);

        Tuning withMaxPageCount(long pages) { return new Tuning(pages, reserveBytes, grace); }

        Tuning withReserveBytes(long bytes) { return new Tuning(maxPageCount, bytes, grace); }

        Tuning withGrace(Duration d) { return new Tuning(maxPageCount, reserveBytes, d); }
    }

    private final boolean readOnly;

    private SqliteMailStore(SqliteDialect dialect, MailboxLimits limits, Duration grace)
            throws SQLException, StoreException {
        super(dialect, limits, grace);
        this.readOnly = false;
    }

    private SqliteMailStore(ReadOnlySqliteDatabase db, MailboxLimits limits) throws StoreException {
        super(new satchel.store.Doorbells(), db, limits, DEFAULT_GRACE);
        this.readOnly = true;
    }

    /**
     * Opens the existing store in {@code dataDir} only to read, for a user who may not write it: no migration (an
     * older schema is refused), no purge, no disk reserve, nothing created; every write fails with a
     * {@link StoreException} saying the store is read-only.
     */
    public static SqliteMailStore openReadOnly(Path dataDir, MailboxLimits limits) throws StoreException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!java.nio.file.Files.isRegularFile(file)) throw new StoreException(Kind.NONEXISTENT, "No mail store at " + file);
        SqliteDialect dialect = new SqliteDialect(file, 0, 0);
        ReadOnlySqliteDatabase db = null;
        try {
            db = new ReadOnlySqliteDatabase(dialect);
            return new SqliteMailStore(db, limits);
        } catch (SQLException e) {
            throw dialect.translate(e);
        } catch (StoreException | RuntimeException e) {
            if (db != null) db.close();
            throw e;
        }
    }

    /** Read-write, the data directory is this process's alone; read-only, the server beside it writes unheard. */
    @Override
    public boolean ringsBeforeReturning() {
        return !readOnly;
    }

    /** Opens (creating if needed) the store in {@code dataDir}, migrating its schema to the current version. */
    public static SqliteMailStore open(Path dataDir) throws StoreException {
        return open(dataDir, MailboxLimits.DEFAULT);
    }

    /** The same, with the given bounds on each user's mailbox tree. */
    public static SqliteMailStore open(Path dataDir, MailboxLimits limits) throws StoreException {
        return open(dataDir, limits, Tuning.DEFAULT);
    }

    static SqliteMailStore open(Path dataDir, Tuning tuning) throws StoreException {
        return open(dataDir, MailboxLimits.DEFAULT, tuning);
    }

    static SqliteMailStore open(Path dataDir, MailboxLimits limits, Tuning tuning) throws StoreException {
        try {
            // SQLite makes its -wal and -shm files with the database file's mode, so a 0600 database made here
            // keeps them private too; existing ones (from before, or another umask) are tightened.
            PrivateFiles.directory(dataDir);
            PrivateFiles.file(dataDir.resolve(FILE_NAME));
            for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
                PrivateFiles.tighten(dataDir.resolve(FILE_NAME + suffix));
            }
        } catch (IOException e) {
            throw new StoreException(Kind.UNAVAILABLE, "Cannot create the data directory", e);
        }
        SqliteDialect dialect = new SqliteDialect(dataDir.resolve(FILE_NAME), tuning.maxPageCount(),
                tuning.reserveBytes());
        try {
            return new SqliteMailStore(dialect, limits, tuning.grace());
        } catch (SQLException e) {
            throw dialect.translate(e);
        }
    }
}
