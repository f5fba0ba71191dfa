package satchel.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A fixed-size buffer over an {@link InputStream}, so {@link #buffered} is exact (no BufferedInputStream in
 * between). Reads whatever the stream has, up to the buffer size; never grows. The buffer is held only while
 * bytes are on their way: a read that would block (an idle connection, most of them) drops it and waits for
 * one byte, so thousands of idle connections do not each keep 8 KiB (issue 10).
 */
final class InputBuffer {
    static final int SIZE = 8192;
    /** What an idle connection holds while it waits (issue 10); enough for most commands, e.g. a one-message FETCH. */
    static final int HEAD = 64;

    private byte[] buf; // null while drained and waiting
    private InputStream in;
    private int pos, end;
    private long received;

    InputBuffer(InputStream in) {
        this.in = in;
    }

    /** The next byte (0-255) without consuming it, or -1 at end of stream. Blocks. */
    int peek() throws IOException {
        if (pos == end && !fill()) return -1;
        return buf[pos] & 0xff;
    }

    /** Consumes the byte that {@link #peek} returned. */
    void advance() {
        pos++;
    }

    private boolean fill() throws IOException {
        pos = end = 0;
        int n;
        if (buf != null && buf.length == SIZE && in.available() == 0) {
            buf = null; // nothing pending: wait for the next command with only a few bytes to read it into
        }
        if (buf == null || buf.length < SIZE) {
            // A short command, as clients mostly send one at a time, fits the few bytes kept while waiting: no 8 KiB
            // for it, and neither a new array nor an available() call (a syscall) per command (issue 11).
            if (buf == null) buf = new byte[HEAD];
            do n = in.read(buf, 0, buf.length); while (n == 0);
            if (n < 0) return false;
            if (n == buf.length) {
                // Perhaps more behind it: the rest comes with the next fill, which finds it available (some streams'
                // available() lies) and reads it into the full buffer.
                byte[] full = new byte[SIZE];
                System.arraycopy(buf, 0, full, 0, n);
                buf = full;
            }
        } else {
            do n = in.read(buf, 0, buf.length); while (n == 0);
            if (n < 0) return false;
        }
        end = n;
        received += n;
        return true;
    }

    /**
     * Reads exactly {@code n} bytes, first from the buffer, then straight from the stream. The array grows
     * as bytes arrive, so announcing a large literal and sending nothing does not reserve its size.
     */
    byte[] read(int n) throws IOException {
        byte[] into = new byte[Math.min(n, 64 * 1024)];
        int off = Math.min(end - pos, into.length);
        if (off > 0) System.arraycopy(buf, pos, into, 0, off);
        pos += off;
        while (off < n) {
            if (off == into.length) into = Arrays.copyOf(into, (int) Math.min(n, 2L * into.length));
            int k = in.read(into, off, into.length - off);
            if (k < 0) throw new EOFException("End of stream inside a literal");
            off += k;
            received += k;
        }
        return into;
    }

    /**
     * As {@link #read}, into an array of exactly {@code n} bytes made at once: for a literal whose memory is already
     * reserved ({@link LiteralSpool#hold}), so there is no half-sent message to guard against and no regrowing.
     */
    byte[] readExactly(int n) throws IOException {
        byte[] into = new byte[n];
        int off = Math.min(end - pos, n);
        if (off > 0) System.arraycopy(buf, pos, into, 0, off);
        pos += off;
        while (off < n) {
            int k = in.read(into, off, n - off);
            if (k < 0) throw new EOFException("End of stream inside a literal");
            off += k;
            received += k;
        }
        return into;
    }

    /** Takes bytes straight from the buffer, without a copy of its own (issue 11). */
    @FunctionalInterface
    interface Sink {
        void accept(byte[] b, int off, int len);
    }

    /**
     * Hands 1 to {@code len} bytes to {@code sink} where they lie in the buffer (filling it first if empty) instead of
     * copying them out; they are consumed once the sink returns. Blocks; EOFException at end of stream.
     */
    int readSome(int len, Sink sink) throws IOException {
        if (pos == end && !fill()) throw new EOFException("End of stream inside a literal");
        int k = Math.min(len, end - pos);
        sink.accept(buf, pos, k);
        pos += k;
        return k;
    }

    /** Discards exactly {@code n} bytes; at end of stream returns early. */
    void skip(long n) throws IOException {
        while (n > 0) {
            if (peek() < 0) return;
            int k = (int) Math.min(n, end - pos);
            pos += k;
            n -= k;
        }
    }

    /** Whether a byte can be read without blocking, as far as the stream tells (never true where it cannot know). */
    boolean ready() throws IOException {
        return pos < end || in.available() > 0;
    }

    int buffered() {
        return end - pos;
    }

    long received() {
        return received;
    }

    /** Drops what is buffered (CVE-2011-0411) and reads from {@code next} from now on; returns bytes dropped. */
    int replace(InputStream next) {
        int dropped = end - pos;
        pos = end = 0;
        in = next;
        return dropped;
    }
}
