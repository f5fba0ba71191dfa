package satchel.server;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Output that notes when the write in progress began, so the {@link Watchdog} can drop a peer that stopped
 * reading: a blocking socket write has no timeout of its own. Writes go down in chunks of at most
 * {@value #CHUNK} bytes, each timed on its own, so a long FETCH to a slow but reading client is progress, not
 * a stall (at the default write timeout of a minute, a client must read about 1 KiB/s). One writer at a time (the
 * session's ResponseWriter serialises them); any thread may ask.
 */
final class WriteClock extends OutputStream {
    /** 64 KiB: a body FETCH of a typical message goes out in one write (issue 11). */
    static final int CHUNK = 64 * 1024;

    private final OutputStream out;
    private volatile long since; // System.nanoTime() when the write in progress began; 0 when none is

    WriteClock(OutputStream out) {
        this.out = out;
    }

    @Override public void write(int b) throws IOException {
        begin();
        try {
            out.write(b);
        } finally {
            since = 0;
        }
    }

    @Override public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, CHUNK);
            begin();
            try {
                out.write(b, off, n);
            } finally {
                since = 0;
            }
            off += n;
            len -= n;
        }
    }

    @Override public void flush() throws IOException {
        begin();
        try {
            out.flush();
        } finally {
            since = 0;
        }
    }

    @Override public void close() throws IOException {
        out.close();
    }

    /** How long the write in progress has been blocked at {@code now}, or 0 when nothing is being written. */
    long stalledNanos(long now) {
        long s = since;
        return s == 0 ? 0 : Math.max(0, now - s);
    }

    private void begin() {
        long now = System.nanoTime();
        since = now == 0 ? 1 : now;
    }
}
