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
import java.util.List;
import java.util.Optional;
import satchel.store.PrivateFiles;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.sql.FileBlobs;

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
            long fileBytes;
            try {
                fileBytes = copyFiles(tmp, dataDir, files(target));
            } catch (StoreException e) {
                deleteQuietly(tmp);
                throw e;
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Files.size(target) + fileBytes;
        } catch (SQLException e) {
            deleteQuietly(tmp);
            throw dialect.translate(e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new StoreException(Kind.UNAVAILABLE, "Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Where a backup at {@code target} keeps the message files its database names ({@code FileBlobs}). */
    public static Path files(Path target) {
        return target.resolveSibling(target.getFileName() + ".files");
    }

    /**
     * Copies the message files the snapshot {@code copy} names into {@code into} (those already there from an earlier
     * backup to the same target are kept, being never rewritten), and removes what it no longer names. After the
     * snapshot, not before: a file deleted since is still in {@code deleted/} ({@link FileBlobs#KEEP_DELETED}), and
     * a file written since is not named. Returns the bytes the files hold.
     */
    private static long copyFiles(Path copy, Path dataDir, Path into) throws IOException, SQLException, StoreException {
        java.util.Set<String> named = new java.util.HashSet<>();
        try (Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:file:" + copy.toAbsolutePath()
                + "?mode=ro"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT file FROM blobs WHERE file IS NOT NULL")) {
            while (rs.next()) named.add(rs.getString(1));
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("no such column")) throw e;
            return 0; // written before files existed (schema < 19)
        }
        if (named.isEmpty() && !Files.exists(into)) return 0;
        Path from = FileBlobs.directory(dataDir);
        PrivateFiles.directory(into);
        long bytes = 0;
        List<String> missing = new java.util.ArrayList<>();
        java.util.Set<Path> dirs = new java.util.HashSet<>();
        for (String f : named) {
            Path to = into.resolve(f);
            Optional<Path> source = FileBlobs.locate(from, f);
            if (source.isEmpty()) {
                missing.add(f);
                continue;
            }
            if (!Files.exists(to) || Files.size(to) != Files.size(source.get())) {
                Files.createDirectories(to.getParent());
                Path part = to.resolveSibling(to.getFileName() + ".partial");
                Files.copy(source.get(), part, StandardCopyOption.REPLACE_EXISTING);
                fsync(part);
                Files.move(part, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                dirs.add(to.getParent());
            }
            bytes += Files.size(to);
        }
        for (Path d : dirs) fsync(d);
        if (!missing.isEmpty()) {
            throw new StoreException(Kind.UNAVAILABLE, missing.size() + " message files the database names are missing"
                    + " from " + from + " (first: " + missing.getFirst() + "); run satchel check");
        }
        try (var walk = Files.walk(into)) { // what an earlier backup to this target copied and this one does not name
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (!named.contains(into.relativize(p).toString().replace(java.io.File.separatorChar, '/'))) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return bytes;
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
            restoreFiles(files(backup), FileBlobs.directory(dataDir));
            Files.move(incoming, db, StandardCopyOption.ATOMIC_MOVE);
            fsync(dataDir);
        } catch (IOException e) {
            throw new StoreException(Kind.UNAVAILABLE, "Cannot restore into " + dataDir + ": " + e.getMessage(), e);
        }
        return version;
    }

    /**
     * The backup's message files into the data directory's, before its database goes in place (so that no row names
     * a file not yet there). Files already present keep theirs: a name is never given to other bytes.
     */
    private static void restoreFiles(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) return;
        PrivateFiles.directory(to);
        java.util.Set<Path> dirs = new java.util.HashSet<>();
        try (var walk = Files.walk(from)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.exists(target)) continue;
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
                fsync(target);
                dirs.add(target.getParent());
            }
        }
        for (Path d : dirs) fsync(d);
        fsync(to);
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
