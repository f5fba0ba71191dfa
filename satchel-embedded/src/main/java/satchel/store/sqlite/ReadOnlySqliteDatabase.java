package satchel.store.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.sql.Database;
import satchel.store.sql.Schema;

/**
 * A store opened only to read, for commands run by a user who may read the data directory but not write it: the
 * file is opened read-only ({@code SQLITE_OPEN_READONLY}), the schema is checked but never migrated, and every
 * write is refused. Nothing is created or changed in the directory beyond what SQLite itself needs to read a WAL
 * database where it may ({@code -shm}, {@code -wal}).
 */
final class ReadOnlySqliteDatabase implements Database {
    private static final int READERS = 2;

    private final SqliteDialect dialect;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> all = new ArrayList<>();
    private volatile boolean closed;

    ReadOnlySqliteDatabase(SqliteDialect dialect) throws SQLException, StoreException {
        this.dialect = dialect;
        try {
            for (int i = 0; i < READERS; i++) {
                Connection c = connect(dialect);
                all.add(c);
                readers.add(c);
            }
            requireCurrentSchema(all.getFirst());
        } catch (SQLException | StoreException | RuntimeException e) {
            for (Connection c : all) closeQuietly(c);
            throw e;
        }
    }

    /**
     * A read-only connection that has read the database once. A WAL database needs its {@code -shm} file to be read:
     * where SQLite cannot create it (a directory the user may not write) and no {@code -wal} file exists, the
     * database file holds every commit (the last writer checkpointed it and removed the log), so it is read as
     * immutable. With a log but no usable {@code -shm}, what the log holds cannot be read safely: refused, saying so.
     */
    static Connection connect(SqliteDialect dialect) throws SQLException, StoreException {
        Path file = dialect.file();
        try {
            return opened(open(file, false));
        } catch (SQLException e) {
            int code = code(e);
            boolean cannotSetUp = code == 8 || code == 14; // SQLITE_READONLY (…_CANTINIT), SQLITE_CANTOPEN
            if (!cannotSetUp || !Files.isRegularFile(file)) throw e;
            Path wal = file.resolveSibling(file.getFileName() + "-wal");
            if (Files.exists(wal)) {
                throw new StoreException(Kind.UNAVAILABLE, "Cannot read " + file + " read-only: its write-ahead log "
                        + wal.getFileName() + " needs " + file.getFileName() + "-shm, which cannot be created or "
                        + "opened in " + file.getParent() + "; run as the user that owns it, or stop the server so "
                        + "that it folds the log into the database", e);
            }
            try {
                return opened(open(file, true));
            } catch (SQLException again) {
                again.addSuppressed(e);
                throw again;
            }
        }
    }

    /**
     * {@code immutable}: SQLite takes no locks and ignores any log; right only when no {@code -wal} file exists.
     * A server that starts meanwhile may make such a read fail (as "damaged"); a command is short, so run it again.
     */
    private static Connection open(Path file, boolean immutable) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(SqliteDialect.BUSY_TIMEOUT_MS);
        String name = immutable ? file.toAbsolutePath().toUri() + "?immutable=1" : file.toAbsolutePath().toString();
        return config.createConnection("jdbc:sqlite:" + name);
    }

    /** SQLite opens the file lazily; the first read tells whether it can be read at all. */
    private static Connection opened(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_schema")) {
            rs.next();
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Without migrating: an older schema is refused (reading it as this version could mislead), a newer one too. */
    private void requireCurrentSchema(Connection c) throws SQLException, StoreException {
        int latest = Schema.migrations(dialect).size();
        int version = version(c);
        if (version < latest) {
            throw new StoreException(Kind.UNAVAILABLE, "Mail store " + dialect.file() + " has schema version "
                    + version + ", older than this version's " + latest + "; it cannot be upgraded read-only: run "
                    + "`satchel serve` or any write command once as the owner to upgrade");
        }
        if (version > latest) {
            throw new StoreException(Kind.UNAVAILABLE, "Mail store " + dialect.file() + " has schema version "
                    + version + ", newer than this server's " + latest);
        }
    }

    /** The highest migration applied (0: none, or not a Satchel database). */
    private static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet t = s.executeQuery("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'schema_version'")) {
            t.next();
            if (t.getInt(1) == 0) return 0;
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public <T> T read(Work<T> work) throws StoreException {
        ensureOpen();
        Connection c;
        try {
            c = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(Kind.UNAVAILABLE, "Interrupted", e);
        }
        try {
            ensureOpen();
            SqliteDatabase.exec(c, dialect.beginRead());
            try {
                T result = work.run(new Tx(c, new java.util.LinkedHashSet<>(), ""));
                SqliteDatabase.exec(c, "COMMIT");
                return result;
            } catch (SQLException | StoreException | RuntimeException | Error e) {
                SqliteDatabase.rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw dialect.translate(e);
        } finally {
            readers.add(c);
        }
    }

    @Override
    public <T> T write(Work<T> work, long bytes) throws StoreException {
        ensureOpen();
        throw new StoreException(Kind.CANNOT, "Mail store is open read-only; run the command as the user that "
                + "owns " + dialect.file());
    }

    @Override
    public SqliteDialect dialect() {
        return dialect;
    }

    private void ensureOpen() throws StoreException {
        if (closed) throw new StoreException(Kind.UNAVAILABLE, "Mail store is closed");
    }

    @Override
    public void close() {
        closed = true;
        for (Connection c : all) closeQuietly(c);
    }

    private static int code(SQLException e) {
        return e instanceof SQLiteException se ? se.getResultCode().code & 0xff : e.getErrorCode() & 0xff;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Nothing was written.
        }
    }
}
