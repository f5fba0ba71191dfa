package satchel.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The only path to a connection's output. Responses are written piece by piece, large literals straight from
 * the message bytes they were built from, so a big FETCH is not copied on the way out. One lock spans each whole response, so the command thread, IDLE
 * updates and the shutdown BYE never interleave. {@link #setOutput} swaps the stream after STARTTLS or COMPRESS.
 */
public final class ResponseWriter {
    private final ReentrantLock lock = new ReentrantLock();
    private OutputStream out;
    private volatile Settings settings = Settings.IMAP4REV1;
    private volatile long bytesWritten; // written under the lock, read without it (satchel who)
    private boolean closed;

    public ResponseWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes one response and flushes. */
    public void send(Response r) throws IOException {
        lock.lock();
        try {
            if (closed) throw new IOException("connection closed");
            Settings now = settings;
            r.writeTo(out, now);
            out.flush();
            bytesWritten += r.length(now);
        } finally {
            lock.unlock();
        }
    }

    /** Writes without flushing; callers sending many responses (FETCH 1:*) end with {@link #flush}. */
    public void queue(Response r) throws IOException {
        lock.lock();
        try {
            if (closed) throw new IOException("connection closed");
            Settings now = settings;
            r.writeTo(out, now);
            bytesWritten += r.length(now);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes complete response lines, each ending in CRLF, that the caller has built itself without flushing: FETCH
     * of metadata over a large mailbox renders thousands of lines into one buffer instead of a Response each. The
     * caller guarantees they are well-formed responses (only numbers, atoms and flags it rendered).
     */
    public void queueLines(byte[] lines, int off, int len) throws IOException {
        lock.lock();
        try {
            if (closed) throw new IOException("connection closed");
            out.write(lines, off, len);
            bytesWritten += len;
        } finally {
            lock.unlock();
        }
    }

    public void flush() throws IOException {
        lock.lock();
        try {
            if (!closed) out.flush();
        } finally {
            lock.unlock();
        }
    }

    /** What the session has enabled from now on: it decides how mailbox names are written. Any thread. */
    public void setSettings(Settings settings) {
        this.settings = java.util.Objects.requireNonNull(settings);
    }

    /** Replaces the stream (STARTTLS, COMPRESS); callers hold no response half-written. */
    public void setOutput(OutputStream next) {
        lock.lock();
        try {
            out = next;
        } finally {
            lock.unlock();
        }
    }

    /** After this every send fails; used when the session ends so late notifications go nowhere. */
    public void markClosed() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Never waits, not even on a write blocked by a client that does not read. */
    public long bytesWritten() {
        return bytesWritten;
    }
}
