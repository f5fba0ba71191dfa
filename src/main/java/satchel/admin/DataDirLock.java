package satchel.admin;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The data directory's lock: a running server holds an exclusive {@link FileChannel#tryLock} on
 * {@code <data-dir>/satchel.lock} for as long as it runs, and commands that must not run beside it (restore) take
 * the same lock, so neither can start while the other holds it. The OS drops the lock when its holder dies, even
 * by kill -9, so a stale file never blocks anyone.
 */
final class DataDirLock implements AutoCloseable {
    static final String FILE_NAME = "satchel.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or a Failure saying a server runs on {@code dataDir}. */
    static DataDirLock take(Path dataDir, String what) throws Failure {
        FileChannel ch;
        try {
            java.nio.file.Files.createDirectories(dataDir);
            ch = FileChannel.open(dataDir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new Failure("cannot open " + dataDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException held) { // held by this very process (a server run in-process)
            l = null;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new Failure("cannot lock " + dataDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
        if (l == null) {
            closeQuietly(ch);
            throw new Failure("a server is running on " + dataDir + "; stop it before " + what);
        }
        return new DataDirLock(ch, l);
    }

    @Override public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }
}
