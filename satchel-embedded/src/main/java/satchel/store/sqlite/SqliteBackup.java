package satchel.store.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import satchel.store.PrivateFiles;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;

/**
 * Copies of the database file, taken while a server may be writing it. A backup runs SQLite's online backup
 * inside one read transaction, so it copies one WAL snapshot (a consistent state: every commit wholly in or
 * wholly out) however long it takes, while writers go on; it writes a temporary file beside the target and renames
 * it, so the target is never half a database. A restore refuses files that are not a sound Satchel database and
 * keeps the database it replaces (with its WAL) as {@code satchel.db.before-restore}.
 */
public final class SqliteBackup {
    private SqliteBackup() {}

    static final String REPLACED = SqliteMailStore.FILE_NAME + ".before-restore";

    /** Copies the store in {@code dataDir} to {@code target}; returns the copy's size in bytes. */
    public static long backup(Path dataDir, Path target) throws StoreException {
        Path source = dataDir.resolve(SqliteMailStore.FILE_NAME);
        if (!Files.isRegularFile(source)) throw new StoreException(Kind.NONEXISTENT, "No mail store at " + source);
        Path tmp = target.resolveSibling(target.getFileName() + ".partial");
        SqliteDialect dialect = new SqliteDialect(source, 0, 0);
        try {
            Files.deleteIfExists(tmp);
            PrivateFiles.file(tmp); // mail and password hashes: 0600 from the start
            // Read-only: a backup also works for a user who may read the data directory but not write it.
            try (Connection c = ReadOnlySqliteDatabase.connect(dialect); Statement s = c.createStatement()) {
                s.execute("BEGIN");
                try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                    rs.next(); // the read transaction, and so the snapshot the backup copies, starts here
                }
                s.executeUpdate("backup to " + tmp.toAbsolutePath());
                s.execute("COMMIT");
            }
            fsync(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Files.size(target);
        } catch (SQLException e) {
            deleteQuietly(tmp);
            throw dialect.translate(e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new StoreException(Kind.UNAVAILABLE, "Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts {@code backup} in place as the store of {@code dataDir}. The caller makes sure no server uses the
     * directory. Returns the schema version of the restored file.
     */
    public static int restore(Path backup, Path dataDir) throws StoreException {
        int version = verify(backup);
        Path db = dataDir.resolve(SqliteMailStore.FILE_NAME);
        Path incoming = dataDir.resolve(SqliteMailStore.FILE_NAME + ".restoring");
        try {
            PrivateFiles.directory(dataDir);
            Files.deleteIfExists(incoming);
            PrivateFiles.file(incoming);
            Files.copy(backup, incoming, StandardCopyOption.REPLACE_EXISTING);
            fsync(incoming);
            // The old database and its WAL move together: the WAL may hold commits not yet in the main file.
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Path old = dataDir.resolve(SqliteMailStore.FILE_NAME + suffix);
                Path kept = dataDir.resolve(REPLACED + suffix);
                Files.deleteIfExists(kept);
                if (Files.exists(old)) Files.move(old, kept, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(incoming, db, StandardCopyOption.ATOMIC_MOVE);
            fsync(dataDir);
        } catch (IOException e) {
            throw new StoreException(Kind.UNAVAILABLE, "Cannot restore into " + dataDir + ": " + e.getMessage(), e);
        }
        return version;
    }

    /** A readable SQLite file that passes SQLite's quick check and has Satchel's schema. */
    private static int verify(Path backup) throws StoreException {
        if (!Files.isRegularFile(backup)) throw new StoreException(Kind.NONEXISTENT, "No such file: " + backup);
        try (Connection c = new org.sqlite.SQLiteConfig()
                .createConnection("jdbc:sqlite:file:" + backup.toAbsolutePath() + "?mode=ro");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                rs.next();
                if (!"ok".equals(rs.getString(1))) {
                    throw new StoreException(Kind.CANNOT, backup + " is damaged: " + rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException(Kind.CANNOT, backup + " is not a Satchel backup: " + e.getMessage(), e);
        }
    }

    private static void fsync(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, Files.isDirectory(p) ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover .partial file is harmless; the next backup replaces it
        }
    }
}
