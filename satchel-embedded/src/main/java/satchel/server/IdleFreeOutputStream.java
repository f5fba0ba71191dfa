package satchel.server;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Buffered output that holds its buffer only between the first write and the next flush: most connections
 * sit idle (IDLE, or between commands) with nothing to write, and thousands of idle 16 KiB buffers add up.
 * Not thread-safe; the session's ResponseWriter serialises writers.
 */
final class IdleFreeOutputStream extends OutputStream {
    private final OutputStream out;
    private final int size;
    private byte[] buf;
    private int count;

    IdleFreeOutputStream(OutputStream out, int size) {
        this.out = out;
        this.size = size;
    }

    @Override public void write(int b) throws IOException {
        if (buf == null) buf = new byte[size];
        if (count == buf.length) drain();
        buf[count++] = (byte) b;
    }

    @Override public void write(byte[] b, int off, int len) throws IOException {
        if (len >= size) {
            drain();
            out.write(b, off, len);
            return;
        }
        if (buf == null) buf = new byte[size];
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
        buf = null;
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
