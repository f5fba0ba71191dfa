package satchel.store.sqlite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import satchel.store.PrivateFiles;

/**
 * Room kept back for deleting mail when the disk fills up. In WAL mode every write, even a flag change or an
 * expunge, appends pages to the WAL and later to the database file, so on a full disk users could not even
 * delete mail to make room (SELECT failed too: it records who has seen \Recent). The store keeps a file of zeros
 * (written out, not sparse, so the space is really taken) and gives it up when a write that frees or only
 * updates fails for lack of space; APPEND and COPY wait until the file could be made again, so the room goes to
 * deleting. Thread-safe.
 */
final class DiskReserve {
    static final long DEFAULT_BYTES = 16L << 20;

    private final Path file;
    private final long bytes;
    private volatile boolean held;

    DiskReserve(Path file, long bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    /** Whether the reserve is in place, making it if not (false when there is no room, or no reserve at all). */
    synchronized boolean ensure() {
        if (bytes <= 0) return true;
        if (held) return true;
        try {
            if (Files.exists(file) && Files.size(file) >= bytes) {
                held = true;
                return true;
            }
            PrivateFiles.file(file);
            ByteBuffer zeros = ByteBuffer.allocate(256 * 1024);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (long left = bytes; left > 0; ) {
                    zeros.clear().limit((int) Math.min(left, zeros.capacity()));
                    left -= ch.write(zeros);
                }
                ch.force(true); // blocks on disk now, not in the page cache only
            }
            held = true;
        } catch (IOException e) {
            release(); // a partial file helps nobody: give back what it took
        }
        return held;
    }

    /** Gives the room back to the file system; true if there was a reserve to give. */
    synchronized boolean release() {
        boolean had = held;
        held = false;
        try {
            return Files.deleteIfExists(file) || had;
        } catch (IOException e) {
            return had;
        }
    }
}
