package satchel.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Buffered output that holds its buffer only between the first write and the next flush: most connections
 * sit idle (IDLE, or between commands) with nothing to write, and thousands of idle 16 KiB buffers add up.
 * The buffer comes from {@link Buffers}, shared by the connections, and goes back at the flush: a new 16 KiB
 * array for every response (an APPEND's one-line OK, a continuation request) was the largest allocation a stored
 * message made on the session side, garbage at once (issue 11).
 * Not thread-safe; the session's ResponseWriter serialises writers.
 */
final class IdleFreeOutputStream extends OutputStream {
    private final OutputStream out;
    private final Buffers buffers;
    private final int size;
    private byte[] buf;
    private int count;

    /** Buffers of {@code size} bytes, none kept between flushes (each stream allocates its own). */
    IdleFreeOutputStream(OutputStream out, int size) {
        this(out, new Buffers(size, 0));
    }

    IdleFreeOutputStream(OutputStream out, Buffers buffers) {
        this.out = out;
        this.buffers = buffers;
        this.size = buffers.size;
    }

    /**
     * Free buffers of one size, at most {@code keep} of them: about as many as connections write at the same moment.
     * Thread-safe. A buffer is handed to one stream at a time, and bytes are read from it only up to what that
     * stream wrote, so what an earlier connection left in it is never sent.
     */
    static final class Buffers {
        private final int size;
        private final ArrayBlockingQueue<byte[]> free;

        Buffers(int size, int keep) {
            this.size = size;
            this.free = keep > 0 ? new ArrayBlockingQueue<>(keep) : null;
        }

        byte[] take() {
            byte[] b = free == null ? null : free.poll();
            return b != null ? b : new byte[size];
        }

        void give(byte[] b) {
            if (free != null) free.offer(b);
        }
    }

    @Override public void write(int b) throws IOException {
        if (buf == null) buf = buffers.take();
        if (count == buf.length) drain();
        buf[count++] = (byte) b;
    }

    @Override public void write(byte[] b, int off, int len) throws IOException {
        if (len >= size) {
            drain();
            out.write(b, off, len);
            return;
        }
        if (buf == null) buf = buffers.take();
        if (len > buf.length - count) drain();
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private void drain() throws IOException {
        if (count > 0) out.write(buf, 0, count);
        count = 0;
    }

    @Override public void flush() throws IOException {
        drain();
        byte[] b = buf;
        buf = null;
        if (b != null) buffers.give(b);
        out.flush();
    }

    @Override public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}
