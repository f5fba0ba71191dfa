package satchel.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;

/**
 * Everything SQLite-specific: connection settings, DDL fragments and error translation. The rest of the SQL is
 * portable (ON CONFLICT, RETURNING and bit operators work alike in PostgreSQL), so a PostgreSQL store needs its
 * own version of this class only.
 */
final class SqliteDialect {
    static final int BUSY_TIMEOUT_MS = 10_000;

    /** Cap on the database size in pages (0: none); writes beyond it fail as "disk full" would. */
    private final long maxPageCount;

    SqliteDialect() {
        this(0);
    }

    SqliteDialect(long maxPageCount) {
        this.maxPageCount = maxPageCount;
    }

    /**
     * Opens a connection in auto-commit mode: transactions are explicit ({@link #beginWrite}), so no connection
     * holds a lock or a WAL snapshot between operations (the JDBC driver would otherwise re-open one at once).
     */
    Connection connect(Path file, boolean writer) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a commit is fsynced before it returns, so an acknowledged write survives kill -9 and power loss.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        if (writer && maxPageCount > 0) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA max_page_count = " + maxPageCount);
            }
        }
        if (!writer) { // query_only rather than a read-only open: WAL readers must be able to use the -shm file
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA query_only = true");
            }
        }
        return c;
    }

    /** IMMEDIATE: take the write lock up front, so a write never fails half-way upgrading a read lock. */
    String beginWrite() {
        return "BEGIN IMMEDIATE";
    }

    /** A deferred read transaction: one consistent WAL snapshot from its first read to COMMIT. */
    String beginRead() {
        return "BEGIN";
    }

    String autoIncrementKey() {
        return "INTEGER PRIMARY KEY AUTOINCREMENT"; // AUTOINCREMENT: ids of deleted rows are never handed out again
    }

    /** Suffix for tables whose primary key is the natural access path (clusters messages by mailbox and UID). */
    String clusteredSuffix() {
        return " WITHOUT ROWID";
    }

    String blobType() {
        return "BLOB";
    }

    /** Client-safe translation: the SQL and its text never reach the client, only the kind of failure. */
    /** SQLITE_FULL: the disk (or the test's page cap) has no room. */
    boolean isFull(SQLException e) {
        int code = e instanceof SQLiteException se ? se.getResultCode().code & 0xff : e.getErrorCode() & 0xff;
        return code == 13;
    }

    StoreException translate(SQLException e) {
        int code = e instanceof SQLiteException se ? se.getResultCode().code & 0xff : e.getErrorCode() & 0xff;
        return switch (code) {
            case 13 -> new StoreException(Kind.UNAVAILABLE, "Mail storage is full (disk full)", e); // SQLITE_FULL
            case 8 -> new StoreException(Kind.UNAVAILABLE, "Mail storage is read-only", e); // SQLITE_READONLY
            case 5, 6 -> new StoreException(Kind.UNAVAILABLE, "Mail storage is busy, try again", e); // BUSY, LOCKED
            case 10, 14 -> new StoreException(Kind.UNAVAILABLE, "Mail storage I/O error", e); // IOERR, CANTOPEN
            case 11, 26 -> new StoreException(Kind.UNAVAILABLE, "Mail storage is damaged", e); // CORRUPT, NOTADB
            case 19 -> new StoreException(Kind.CANNOT, "Conflicting change, try again", e); // CONSTRAINT
            default -> new StoreException(Kind.UNAVAILABLE, "Mail storage error", e);
        };
    }
}
