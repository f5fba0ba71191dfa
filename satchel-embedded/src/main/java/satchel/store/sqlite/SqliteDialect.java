package satchel.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;
import satchel.store.Doorbells;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.sql.Dialect;
import satchel.store.sql.FullTextIndex;

/**
 * SQLite: one database file, one writer with group commit ({@link SqliteDatabase}), doorbells in this process
 * only, FTS5 trigram index ({@link Fts5Index}), {@code PRAGMA quick_check}.
 *
 * @param file the database file
 * @param maxPageCount cap on the database size in pages (0: none); writes beyond it fail as "disk full" would
 * @param reserveBytes room kept back for deleting mail on a full disk ({@link DiskReserve}); 0 for none
 */
record SqliteDialect(Path file, long maxPageCount, long reserveBytes) implements Dialect {
    static final int BUSY_TIMEOUT_MS = 10_000;
    private static final Fts5Index FTS = new Fts5Index();

    @Override
    public SqliteDatabase open(Doorbells doorbells) throws SQLException {
        return new SqliteDatabase(this, doorbells);
    }

    /**
     * Opens a connection in auto-commit mode: transactions are explicit ({@link #beginWrite}), so no connection
     * holds a lock or a WAL snapshot between operations (the JDBC driver would otherwise re-open one at once).
     */
    Connection connect(boolean writer) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a commit is fsynced before it returns, so an acknowledged write survives kill -9 and power loss.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // The driver otherwise matches every executed SQL text against a regex and, after each INSERT run by
        // execute/executeUpdate, prepares, runs and frees a "SELECT last_insert_rowid()" for getGeneratedKeys, which
        // nothing here calls (ids come from RETURNING): on the one writer, a statement more per insert (issue 11).
        config.setGetGeneratedKeys(false);
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

    /**
     * No: on the one SQLite writer's machine, deflating the search text was 7–8 % of an APPEND's CPU (issue 11), for
     * about 5 KiB less per message of the ~120 KiB the WAL and its checkpoints write for it.
     */
    @Override
    public boolean deflatesSearchText() {
        return false;
    }

    /** IMMEDIATE: take the write lock up front, so a write never fails half-way upgrading a read lock. */
    String beginWrite() {
        return "BEGIN IMMEDIATE";
    }

    /** A deferred read transaction: one consistent WAL snapshot from its first read to COMMIT. */
    String beginRead() {
        return "BEGIN";
    }

    @Override
    public String integer() {
        return "INTEGER"; // 64-bit in SQLite
    }

    @Override
    public String autoIncrementKey() {
        return "INTEGER PRIMARY KEY AUTOINCREMENT"; // AUTOINCREMENT: ids of deleted rows are never handed out again
    }

    @Override
    public String clusteredSuffix() {
        return " WITHOUT ROWID";
    }

    @Override
    public String blobType() {
        return "BLOB";
    }

    @Override
    public String nameType() {
        return "TEXT"; // SQLite compares text byte-wise unless told otherwise
    }

    @Override
    public String greatest() {
        return "MAX";
    }

    @Override
    public String least() {
        return "MIN";
    }

    @Override
    public FullTextIndex fullText() {
        return FTS;
    }

    /** One process per data directory: doorbells and holds are in-process. */
    @Override
    public boolean sharedByNodes() {
        return false;
    }

    @Override
    public void beginMigration(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(beginWrite());
        }
    }

    @Override
    public List<String> integrity(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("PRAGMA quick_check"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (!rs.getString(1).equals("ok")) out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** SQLITE_FULL: the disk (or the test's page cap) has no room. */
    @Override
    public boolean isFull(SQLException e) {
        int code = e instanceof SQLiteException se ? se.getResultCode().code & 0xff : e.getErrorCode() & 0xff;
        return code == 13;
    }

    @Override
    public StoreException translate(SQLException e) {
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
