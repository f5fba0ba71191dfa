package satchel.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Where APPEND messages wait while they arrive. The first {@link #MEMORY_BYTES} of a command's messages stay in
 * memory; beyond that a message is held in memory too while this spool's shared {@link #HOLD_BYTES} has room for it
 * (one of at most {@link #HOLD_ONE_BYTES}), and otherwise goes to a file (mode 0600) in a directory of this process
 * ({@code <parent>/<pid>-<random>}, 0700), written from the reader's buffer. Spool files are deleted when their
 * command is done or aborted; directories of processes that are gone (a crash, {@code kill -9}) are removed when the
 * next process opens the spool, so the server and any {@code imap-stdio} processes on the same data directory never
 * delete each other's files.
 * Thread-safe; one per process.
 */
public final class LiteralSpool {
    /** Message bytes per command kept in memory before spooling: a bound per session, not per message. */
    public static final long MEMORY_BYTES = 256 * 1024;
    /**
     * Message bytes past the sessions' {@link #MEMORY_BYTES} held in memory at once by all sessions together, taken
     * without waiting: when they are in use a message is spooled as before, so the heap bound grows by this much and
     * no more. Issue 11: a spool file written, read back and deleted cost 0.06–0.08 ms of kernel CPU per stored
     * message of MULTIAPPEND batches (10 × ~24 KB pass 256 KiB) and of pipelined messages over 256 KiB, while the
     * store reads the message into the heap whole right after anyway.
     */
    public static final long HOLD_BYTES = 16L << 20;
    /** The largest message held rather than spooled (one client cannot take all of {@link #HOLD_BYTES}). */
    public static final long HOLD_ONE_BYTES = 1L << 20;

    /** The spool could not take the message (disk full, permissions); the literal was read and discarded. */
    static final class Unavailable extends Exception {
        Unavailable(IOException cause) { super(cause.getMessage(), cause); }
    }

    private static final LiteralSpool IN_MEMORY = new LiteralSpool(null, 0);

    private final Path dir; // null: everything stays in memory (tests, embedding without a data directory)
    private final long holdBytes;
    private final AtomicLong held = new AtomicLong();

    private LiteralSpool(Path dir, long holdBytes) {
        this.dir = dir;
        this.holdBytes = holdBytes;
    }

    /** Keeps every message in memory, bounded only by the APPEND limit. */
    public static LiteralSpool inMemory() {
        return IN_MEMORY;
    }

    /**
     * Spools in a new directory {@code <parent>/<pid>-<random>}, first removing the directories of processes that
     * are no longer running (another server in this process keeps its own).
     */
    public static LiteralSpool under(Path parent) throws IOException {
        return under(parent, HOLD_BYTES);
    }

    /** As {@link #under(Path)}, holding at most {@code holdBytes} of messages past the per-command share in memory. */
    static LiteralSpool under(Path parent, long holdBytes) throws IOException {
        Files.createDirectories(parent);
        long self = ProcessHandle.current().pid();
        try (Stream<Path> children = Files.list(parent)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                int dash = name.indexOf('-');
                String pid = dash < 0 ? name : name.substring(0, dash);
                if (!pid.matches("[0-9]{1,18}") || Long.parseLong(pid) == self) continue;
                if (!ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) deleteTree(child);
            }
        }
        // A temporary directory is created owner-only (0700) where the file system has POSIX permissions.
        return new LiteralSpool(Files.createTempDirectory(parent, self + "-"), holdBytes);
    }

    /** This process's spool directory, empty for an in-memory spool. */
    public java.util.Optional<Path> directory() {
        return java.util.Optional.ofNullable(dir);
    }

    boolean spools() {
        return dir != null;
    }

    /** Bytes of messages held in memory now (for tests). */
    long held() {
        return held.get();
    }

    /**
     * Reads the message into memory if the shared {@link #HOLD_BYTES} has room for it now, else null (nothing read:
     * {@link #receive} spools it). The room is given back when the literal is closed, or here if reading fails.
     */
    Literal.InMemory hold(InputBuffer in, long n) throws IOException {
        if (n > Math.min(HOLD_ONE_BYTES, holdBytes)) return null;
        for (long h; (h = held.get()) + n <= holdBytes; ) {
            if (!held.compareAndSet(h, h + n)) continue;
            boolean kept = false;
            try {
                Literal.InMemory m = new Literal.InMemory(in.readExactly((int) n), () -> held.addAndGet(-n));
                kept = true;
                return m;
            } finally {
                if (!kept) held.addAndGet(-n);
            }
        }
        return null;
    }

    /**
     * Reads exactly {@code n} bytes from {@code in} into a new spool file. If the file cannot be written the
     * bytes are still read (the connection stays in step) and {@link Unavailable} is thrown; if the stream ends
     * or fails, the file is deleted and that exception propagates.
     */
    Literal.Spooled receive(InputBuffer in, long n) throws IOException, Unavailable {
        Path file = null;
        Spill spill = new Spill();
        try {
            file = posix() ? Files.createTempFile(dir, "append-", ".eml", OWNER_ONLY)
                    : Files.createTempFile(dir, "append-", ".eml");
            spill.out = Files.newOutputStream(file);
        } catch (IOException e) {
            spill.failure = e;
        }
        boolean kept = false;
        try {
            // Written from the reader's own buffer (it reads a few KiB at a time anyway): no copy buffer per message.
            for (long left = n; left > 0; ) left -= in.readSome((int) Math.min(left, Integer.MAX_VALUE), spill);
            if (spill.failure == null) {
                try {
                    spill.out.close();
                } catch (IOException e) {
                    spill.failure = e;
                }
            }
            if (spill.failure != null) throw new Unavailable(spill.failure);
            kept = true;
        } finally {
            if (!kept) discard(spill.out, file);
        }
        return new Literal.Spooled(file, n);
    }

    /** Writes what it is given to the spool file; after a write fails, only remembers why (the bytes are still read). */
    private static final class Spill implements InputBuffer.Sink {
        OutputStream out;
        IOException failure;

        @Override public void accept(byte[] b, int off, int len) {
            if (failure != null) return;
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    private static final FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void discard(OutputStream out, Path file) {
        try {
            if (out != null) out.close();
        } catch (IOException ignored) {
            // the file goes anyway
        }
        try {
            if (file != null) Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // left for the start-up clean-up
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
