package satchel.wire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An APPEND message as received: in memory while small, else in a spool file (see {@link LiteralSpool}), so a
 * half-sent message costs the heap a copy buffer rather than its size. {@link #close} deletes a spool file and
 * may be called more than once, from any thread; the reader that made a literal also closes it when the next
 * command starts or the connection ends, so an aborted command leaves nothing behind.
 */
public sealed interface Literal extends AutoCloseable permits Literal.InMemory, Literal.Spooled {
    long size();

    /** The whole message as one array (read from disk for a spooled one): the caller accounts for the heap. */
    byte[] bytes() throws IOException;

    @Override void close();

    /** {@code release}: run once at the first {@link #close} (a {@link LiteralSpool#hold} share); null if none. */
    record InMemory(byte[] data, AtomicReference<Runnable> release) implements Literal {
        public InMemory(byte[] data) {
            this(data, (Runnable) null);
        }

        InMemory(byte[] data, Runnable release) {
            this(data, new AtomicReference<>(release));
        }

        @Override public long size() { return data.length; }

        @Override public byte[] bytes() { return data; }

        @Override public void close() {
            Runnable r = release.getAndSet(null);
            if (r != null) r.run();
        }
    }

    /** A message in {@code file} (mode 0600), exactly {@code size} bytes long. */
    final class Spooled implements Literal {
        private final Path file;
        private final long size;
        private final AtomicBoolean closed = new AtomicBoolean();

        Spooled(Path file, long size) {
            this.file = file;
            this.size = size;
        }

        public Path file() { return file; }

        @Override public long size() { return size; }

        @Override public byte[] bytes() throws IOException {
            if (closed.get()) throw new IOException("spooled message already discarded");
            byte[] b = Files.readAllBytes(file);
            if (b.length != size) throw new IOException("spool file has " + b.length + " bytes, not " + size);
            return b;
        }

        @Override public void close() {
            if (!closed.compareAndSet(false, true)) return;
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Left for the clean-up when the next process opens the spool; closing must not fail a session.
            }
        }

        @Override public String toString() { return "Spooled[" + size + " bytes]"; }
    }
}
