package satchel.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import satchel.store.PrivateFiles;

/**
 * One writer per data directory: an exclusive lock on {@code <data-dir>/satchel.lock} ({@link FileChannel#tryLock}),
 * held by {@code serve} for the server's lifetime and by commands that must not run beside it ({@code check
 * --repair}, {@code restore}). The operating system drops the lock when the process dies, however it dies, so
 * a stale file never blocks anyone; only the lock counts, the file's text merely describes the holder
 * ({@code key=value} lines: {@code pid}, {@code command}, {@code started}, and the listeners a server adds).
 * The contract other commands rely on: the lock is held exactly while a server (or a repair) runs.
 *
 * <p>POSIX record locks belong to the process, and closing any channel on the file releases them all, so a
 * process never probes a lock it holds itself: those are remembered here. Thread-safe.
 */
public final class DataDirLock implements AutoCloseable {
    public static final String FILE = "satchel.lock";

    /** Locks this process holds, by file: never open another channel on those (see above). */
    private static final java.util.Map<Path, DataDirLock> HELD_HERE = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private String text = ""; // guarded by this: what the file says, kept so it is never read back through a new channel

    /** Someone holds the lock; {@code holder} is what its file says (e.g. "pid 42, serve, imap 127.0.0.1:143"). */
    public static final class Held extends Exception {
        private final String holder;

        Held(Path dataDir, String holder) {
            super("data directory " + dataDir + " is in use by " + holder);
            this.holder = holder;
        }

        public String holder() {
            return holder;
        }
    }

    private static final DataDirLock PLACEHOLDER = new DataDirLock(null, null, null); // acquiring, not yet described

    private DataDirLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock for {@code command} (e.g. "serve") and writes its pid and start time into the file; the
     * data directory must exist. Never waits.
     */
    public static DataDirLock acquire(Path dataDir, String command) throws Held, IOException {
        Path file = key(dataDir);
        FileChannel channel = null;
        synchronized (HELD_HERE) {
            DataDirLock mine = HELD_HERE.get(file);
            if (mine != null) throw new Held(dataDir, mine.summary());
            HELD_HERE.put(file, PLACEHOLDER);
        }
        try {
            PrivateFiles.file(file);
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel, false);
            if (lock == null) throw new Held(dataDir, describe(file));
            var held = new DataDirLock(file, channel, lock);
            HELD_HERE.put(file, held);
            held.describe("pid=" + ProcessHandle.current().pid(), "command=" + command,
                    "started=" + java.time.Instant.now());
            return held;
        } catch (Held | IOException | RuntimeException e) {
            HELD_HERE.remove(file);
            if (channel != null) channel.close();
            throw e;
        }
    }

    /** Who holds the lock of {@code dataDir} now, as its file describes it; empty when nobody does. */
    public static Optional<String> holder(Path dataDir) throws IOException {
        Path file = key(dataDir);
        DataDirLock mine = HELD_HERE.get(file);
        if (mine != null) return Optional.of(mine.summary());
        // A shared lock conflicts with the holder's exclusive one and needs only read access to the file.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = tryLock(channel, true);
            if (probe != null) {
                probe.release();
                return Optional.empty();
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(describe(file));
    }

    /** Replaces the description with {@code lines} ({@code key=value}), e.g. once the listeners are bound. */
    public synchronized void describe(String... lines) throws IOException {
        String next = String.join("\n", lines) + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(next.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        text = next;
    }

    /** Adds lines to the description. */
    public synchronized void add(String... lines) throws IOException {
        describe((text.strip() + "\n" + String.join("\n", lines)).split("\n"));
    }

    private synchronized String summary() {
        return text.isEmpty() ? "this process (starting)" : summarize(text);
    }

    /** Releases the lock; the (emptied) file stays, so no other process can end up locking a file we unlinked. */
    @Override public synchronized void close() throws IOException {
        if (!channel.isOpen()) return;
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
            HELD_HERE.remove(file);
        }
    }

    private static FileLock tryLock(FileChannel channel, boolean shared) throws IOException {
        try {
            return channel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            return null; // another channel of this process holds it
        }
    }

    /** Another process's description: read only when that process, not this one, holds the lock. */
    private static String describe(Path file) {
        try {
            return summarize(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "another process (" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** The holder's lines in one line: "pid 42 (serve since …), imap 127.0.0.1:143". */
    private static String summarize(String text) {
        var fields = new java.util.LinkedHashMap<String, String>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) fields.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        if (fields.isEmpty()) return "another process (it has not described itself yet)";
        StringBuilder b = new StringBuilder("pid ").append(fields.getOrDefault("pid", "?"));
        b.append(" (").append(fields.getOrDefault("command", "?"));
        if (fields.containsKey("started")) b.append(" since ").append(fields.get("started"));
        b.append(')');
        fields.forEach((k, v) -> {
            if (!Set.of("pid", "command", "started").contains(k)) b.append(", ").append(k).append(' ').append(v);
        });
        return b.toString();
    }

    private static Path key(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolve(FILE);
    }
}
