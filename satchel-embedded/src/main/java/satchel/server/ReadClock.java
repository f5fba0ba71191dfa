package satchel.server;

import java.io.IOException;
import java.io.InputStream;

/**
 * Input that notes when the read in progress began, so the {@link Watchdog} can log out a client that has sent
 * nothing for the idle timeout. A socket read timeout would do the same, but on a virtual thread every read that
 * blocks with one arms a timer (and wakes the scheduler's timer thread) and disarms it when data comes: a thread
 * wake-up per command for a client that waits for each answer (issue 11). The LMTP listener's watchdog reads it
 * the same way for its read timeout. One reader at a time (the session's); any thread may ask.
 */
final class ReadClock extends InputStream {
    private final InputStream in;
    private volatile long since; // System.nanoTime() when the read in progress began; 0 when none is

    ReadClock(InputStream in) {
        this.in = in;
    }

    @Override public int read() throws IOException {
        begin();
        try {
            return in.read();
        } finally {
            since = 0;
        }
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        begin();
        try {
            return in.read(b, off, len);
        } finally {
            since = 0;
        }
    }

    @Override public int available() throws IOException {
        return in.available();
    }

    @Override public void close() throws IOException {
        in.close();
    }

    /** How long the read in progress has been blocked at {@code now}, or 0 when nothing is being read. */
    long waitingNanos(long now) {
        long s = since;
        return s == 0 ? 0 : Math.max(0, now - s);
    }

    private void begin() {
        long now = System.nanoTime();
        since = now == 0 ? 1 : now;
    }
}
