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
 *
 * <p>A write that does not fit the buffer moves what is pending into a larger one ({@code large}, lent the same way)
 * instead of going out at once: a body FETCH of a 24 KiB message was four writes (the response's head, the body in
 * two, the tagged OK), each a trip through the TCP stack and a wake-up of the client for part of its answer; now it is
 * one (issue 11). Only writes past the large buffer go out in pieces, each a full buffer.
 * Not thread-safe; the session's ResponseWriter serialises writers.
 */
final class IdleFreeOutputStream extends OutputStream {
    private final OutputStream out;
    private final Buffers buffers;
    private final Buffers large;
    private byte[] buf;
    private int count;

    /** Buffers of {@code size} bytes, none kept between flushes (each stream allocates its own); none larger. */
    IdleFreeOutputStream(OutputStream out, int size) {
        this(out, new Buffers(size, 0));
    }

    IdleFreeOutputStream(OutputStream out, Buffers buffers) {
        this(out, buffers, buffers);
    }

    /** {@code large}: where a response that outgrows a buffer of {@code buffers} continues (larger ones). */
    IdleFreeOutputStream(OutputStream out, Buffers buffers, Buffers large) {
        if (large.size < buffers.size) throw new IllegalArgumentException("large buffers are smaller");
        this.out = out;
        this.buffers = buffers;
        this.large = large;
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
        if (count == buf.length) room();
        buf[count++] = (byte) b;
    }

    @Override public void write(byte[] b, int off, int len) throws IOException {
        if (buf == null) buf = buffers.take();
        while (len > 0) {
            if (len > buf.length - count) room();
            int n = Math.min(len, buf.length - count);
            System.arraycopy(b, off, buf, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    /** Makes room: a small buffer's bytes move to a large one (filled before anything goes out), a full large one goes out. */
    private void room() throws IOException {
        if (buf.length < large.size) {
            byte[] bigger = large.take();
            System.arraycopy(buf, 0, bigger, 0, count);
            buffers.give(buf);
            buf = bigger;
        } else if (count == buf.length) {
            drain();
        }
    }

    private void drain() throws IOException {
        if (count > 0) out.write(buf, 0, count);
        count = 0;
    }

    @Override public void flush() throws IOException {
        drain();
        byte[] b = buf;
        buf = null;
        if (b != null) (b.length == large.size ? large : buffers).give(b);
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
