package satchel.store.sql;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;

/**
 * Message bytes in files beside the database (issue 11): one file per blob under {@code dir}, in 256 fan-out
 * directories, the {@code blobs} row naming it ({@code file}, relative to {@code dir}; {@code content} empty). Rows of
 * stores made before (or written with files off) hold their bytes, and are read as such.
 *
 * <p>The kill -9 promise: a message's file is written, fsynced, and its directory fsynced on the caller's thread
 * ({@link #stage}) before its write is queued, so the bytes are durable before the row that names them commits. A
 * crash in between leaves a file no row names (an orphan: swept at the next start-up, reported by {@code satchel
 * check}), never a row without bytes. The other way round, a file is removed only after the commit that dropped its
 * row ({@link #delete} queues it; the reaper moves it out once a committed read no longer finds the row), and it
 * goes to {@code deleted/} first, removed from there after {@link #KEEP_DELETED}, so that a backup copying files
 * after its database snapshot still finds those of messages expunged meanwhile.
 */
public final class FileBlobs implements BlobStore, AutoCloseable {
    /** How long a deleted message's file stays in {@code deleted/} for backups still copying files. */
    public static final Duration KEEP_DELETED = Duration.ofHours(1);
    /** A file this young may be staged for a write not yet committed: {@code satchel check} leaves it alone. */
    public static final Duration UNSETTLED = Duration.ofMinutes(10);
    static final String DELETED = "deleted";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileBlobs.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final Path dir;
    private final boolean writes;
    private final Database db;
    /** Files whose rows a write deleted: moved out once that write is seen committed. */
    private final LinkedBlockingQueue<Doomed> doomed = new LinkedBlockingQueue<>();
    private final Thread reaper;
    private volatile boolean closing;
    private volatile Thread swept;

    private record Doomed(long blobId, String file, int seen) {}

    /**
     * {@code writes}: new messages go to files (new stores) rather than into the row; {@code db} is read to tell
     * when a deletion has committed, and asked for room before a file is written. Null {@code db}: read only.
     */
    public FileBlobs(Path dir, boolean writes, Database db) {
        this.dir = dir;
        this.writes = writes;
        this.db = db;
        this.reaper = db == null || db.readOnly() ? null
                : Thread.ofVirtual().name("satchel-blob-reaper").unstarted(this::reap);
        if (reaper != null) reaper.start();
    }

    /** The directory the files live in, for a data directory. */
    public static Path directory(Path dataDir) {
        return dataDir.resolve("blobs");
    }

    public Path dir() {
        return dir;
    }

    /**
     * Writes each content to a new file and fsyncs it, then their directory: a batch (one MULTIAPPEND) shares one
     * fan-out directory, so it costs one directory fsync. Returns the names, in order; null when files are off.
     */
    @Override
    public List<String> stage(List<byte[]> contents) throws StoreException {
        if (!writes || contents.isEmpty()) return null;
        if (db != null && !db.roomToGrow()) throw full(null);
        byte[] r = new byte[17];
        RANDOM.nextBytes(r);
        String sub = HEX.formatHex(r, 0, 1);
        String base = HEX.formatHex(r, 1, 17);
        List<String> names = new ArrayList<>(contents.size());
        List<FileChannel> open = new ArrayList<>(contents.size());
        try {
            Path d = dir.resolve(sub);
            if (!Files.isDirectory(d)) {
                Files.createDirectories(d);
                fsync(dir); // the new fan-out directory's own entry
            }
            try {
                for (int i = 0; i < contents.size(); i++) {
                    String name = sub + "/" + base + (i == 0 ? "" : "." + i);
                    FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE);
                    open.add(ch);
                    names.add(name);
                    ByteBuffer b = ByteBuffer.wrap(contents.get(i));
                    while (b.hasRemaining()) ch.write(b);
                }
                // All written before the first fsync: the disk gets the batch's data together.
                for (FileChannel ch : open) ch.force(false);
            } finally {
                for (FileChannel ch : open) ch.close();
            }
            fsync(d); // the files' directory entries: once per batch
            return names;
        } catch (IOException e) {
            for (String n : names) deleteQuietly(dir.resolve(n));
            if (e instanceof FileSystemException f && f.getReason() != null && f.getReason().contains("space")
                    || String.valueOf(e.getMessage()).contains("No space left")) {
                throw full(e);
            }
            throw new StoreException(Kind.UNAVAILABLE, "Cannot write the message file", e);
        }
    }

    private static StoreException full(Throwable cause) {
        return new StoreException(Kind.UNAVAILABLE, "Mail storage is full (disk full)", cause);
    }

    /** A write of {@link #stage staged} files that failed: nothing names them, so they go now. */
    @Override
    public void unstage(Collection<String> files) {
        for (String f : files) {
            if (f != null) deleteQuietly(dir.resolve(f));
        }
    }

    static void fsync(Path directory) throws IOException {
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public long put(Connection c, byte[] content) throws SQLException {
        return put(c, content, null);
    }

    @Override
    public long put(Connection c, byte[] content, String file) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO blobs (content, file) VALUES (?, ?) RETURNING id")) {
            ps.setBytes(1, file == null ? content : new byte[0]);
            ps.setString(2, file);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public Optional<byte[]> get(Connection c, long blobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT content, file FROM blobs WHERE id = ?")) {
            ps.setLong(1, blobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(bytes(blobId, rs.getBytes(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<byte[]> ofMessage(Connection c, long userId, long mailboxId, long uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT b.id, b.content, b.file FROM messages m JOIN blobs b"
                + " ON b.id = m.blob_id WHERE m.mailbox_id = ? AND m.uid = ? AND EXISTS (SELECT 1 FROM mailboxes x"
                + " WHERE x.id = m.mailbox_id AND x.user_id = ? AND x.selectable <> 0)")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, uid);
            ps.setLong(3, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(bytes(rs.getLong(1), rs.getBytes(2), rs.getString(3))) : Optional.empty();
            }
        }
    }

    /** The row's bytes, or its file's; a missing file is an error the caller reports (NO), not a crash. */
    private byte[] bytes(long blobId, byte[] inRow, String file) throws SQLException {
        if (file == null) return inRow;
        try {
            return Files.readAllBytes(dir.resolve(file));
        } catch (NoSuchFileException e) {
            throw new MissingFile(blobId, file, e);
        } catch (IOException e) {
            throw new SQLException("Cannot read the file of message bytes " + file + ": " + e.getMessage(), e);
        }
    }

    /** A row naming a file that is not there (removed by hand, or a disk restored without it). */
    public static final class MissingFile extends SQLException {
        MissingFile(long blobId, String file, Throwable cause) {
            super("Message bytes missing: file " + file + " of blob " + blobId, cause);
        }
    }

    /** Deletes the rows; their files go once this transaction is seen committed (see the class comment). */
    @Override
    public void delete(Connection c, Collection<Long> blobIds) throws SQLException {
        if (blobIds.isEmpty()) return;
        List<Doomed> files = new ArrayList<>();
        try (PreparedStatement find = c.prepareStatement("SELECT file FROM blobs WHERE id = ? AND file IS NOT NULL");
             PreparedStatement ps = c.prepareStatement("DELETE FROM blobs WHERE id = ?")) {
            for (long id : blobIds) {
                find.setLong(1, id);
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) files.add(new Doomed(id, rs.getString(1), 0));
                }
                ps.setLong(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        // Queued before the commit; the reaper checks for the row in a committed snapshot before it moves a file.
        doomed.addAll(files);
    }

    /**
     * Moves out the files of deleted rows once a read (which sees only committed writes) finds the row gone. A row
     * still there belongs to a write not yet committed, or rolled back: looked at again a little later, and after
     * {@code ROUNDS} rounds left alone (its row lives on, and so must the file).
     */
    private void reap() {
        final int rounds = 200;
        while (!closing || !doomed.isEmpty()) {
            try {
                Doomed first = doomed.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                Thread.sleep(closing ? 0 : 20); // let the deleting write's group commit first
                List<Doomed> batch = new ArrayList<>();
                batch.add(first);
                doomed.drainTo(batch);
                Set<Long> live = db.read(tx -> present(tx.c(), batch));
                for (Doomed d : batch) {
                    if (!live.contains(d.blobId())) {
                        retire(d.file());
                    } else if (d.seen() < rounds && !closing) {
                        doomed.add(new Doomed(d.blobId(), d.file(), d.seen() + 1));
                    }
                }
                if (batch.stream().allMatch(d -> live.contains(d.blobId())) && !closing) Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (StoreException | RuntimeException e) {
                // The database is closing or failing: what is left stays an orphan for the next sweep.
                if (closing) return;
            }
        }
    }

    private static Set<Long> present(Connection c, List<Doomed> batch) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM blobs WHERE id = ? AND file = ?")) {
            for (Doomed d : batch) {
                ps.setLong(1, d.blobId());
                ps.setString(2, d.file());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) out.add(d.blobId());
                }
            }
        }
        return out;
    }

    /** Into {@code deleted/}, stamped now (see {@link #KEEP_DELETED}). */
    private void retire(String file) {
        Path from = dir.resolve(file);
        Path to = dir.resolve(DELETED).resolve(from.getFileName());
        try {
            Files.createDirectories(to.getParent());
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(to, FileTime.from(Instant.now()));
        } catch (IOException e) {
            deleteQuietly(from);
        }
    }

    /** For a backup: where the bytes of {@code file} are now (its place, or {@code deleted/}), if anywhere. */
    public static Optional<Path> locate(Path dir, String file) {
        Path p = dir.resolve(file);
        if (Files.isRegularFile(p)) return Optional.of(p);
        Path retired = dir.resolve(DELETED).resolve(p.getFileName());
        return Files.isRegularFile(retired) ? Optional.of(retired) : Optional.empty();
    }

    /** What {@link #scan} found: files no row names (older than the cut-off), and rows whose file is missing. */
    public record Scan(List<Path> orphans, List<String> missing, long files, long bytes) {}

    /**
     * Compares the files with the rows: each file under a fan-out directory older than {@code before} that no row
     * names is an orphan; each row naming a file that is not there is missing. Read in one snapshot.
     */
    Scan scan(Instant before) throws StoreException {
        Set<String> named = db.read(tx -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement ps = tx.c().prepareStatement("SELECT file FROM blobs WHERE file IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
        List<Path> orphans = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long files = 0;
        long bytes = 0;
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> subs = Files.newDirectoryStream(dir, p -> p.getFileName().toString().length() == 2
                    && Files.isDirectory(p))) {
                for (Path sub : subs) {
                    try (DirectoryStream<Path> in = Files.newDirectoryStream(sub)) {
                        for (Path f : in) {
                            String name = sub.getFileName() + "/" + f.getFileName();
                            if (named.contains(name)) {
                                seen.add(name);
                                files++;
                                bytes += Files.size(f);
                            } else if (Files.getLastModifiedTime(f).toInstant().isBefore(before)) {
                                orphans.add(f);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new StoreException(Kind.UNAVAILABLE, "Cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        List<String> missing = named.stream().filter(n -> !seen.contains(n)).sorted().toList();
        return new Scan(orphans, missing, files, bytes);
    }

    /**
     * The start-up sweep: removes orphans older than {@code before} (this process's start: nothing it staged since
     * is touched) and files in {@code deleted/} older than {@link #KEEP_DELETED}. Returns how many orphans went.
     */
    int sweep(Instant before) throws StoreException {
        Scan s = scan(before);
        for (Path p : s.orphans()) deleteQuietly(p);
        Path deleted = dir.resolve(DELETED);
        if (Files.isDirectory(deleted)) {
            Instant cut = Instant.now().minus(KEEP_DELETED);
            try (DirectoryStream<Path> in = Files.newDirectoryStream(deleted)) {
                for (Path f : in) {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(cut)) deleteQuietly(f);
                }
            } catch (IOException e) {
                // left for the next start
            }
        }
        return s.orphans().size();
    }

    /** {@link #sweep} on a thread of its own, so that a store with many files starts at once. */
    public void sweepLater(Instant before) {
        swept = Thread.ofVirtual().name("satchel-blob-sweep").start(() -> {
            try {
                int n = sweep(before);
                if (n > 0) LOG.info("Removed {} message files no row names (left by a crash or a failed write)", n);
            } catch (StoreException | RuntimeException e) {
                // closing meanwhile, or the directory unreadable: the next start tries again
            }
        });
    }

    /** For tests: waits for the start-up sweep. */
    public void awaitSwept() throws InterruptedException {
        Thread t = swept;
        if (t != null) t.join();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // an orphan left behind: the next sweep takes it
        }
    }

    /** Stops the reaper after it has looked once more at what is queued. */
    @Override
    public void close() {
        closing = true;
        if (reaper == null) return;
        try {
            reaper.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
