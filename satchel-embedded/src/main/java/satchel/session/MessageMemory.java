package satchel.session;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import satchel.wire.LiteralSpool;

/**
 * The server-wide budget for whole messages held in the heap at once: APPEND messages read back from the spool
 * for the store (which takes a message as one array: SQLite binds it whole), and bodies of large messages being
 * fetched (read whole from the store, held until the response is written). Callers wait their turn in order
 * rather than fail; a request larger than the whole budget waits until it can have all of it, then runs alone.
 * Messages under {@link #ACCOUNTED_FROM} bytes are not counted: each session holds at most one of those at a time.
 *
 * <p>So the heap taken by message bodies is at most {@code capacity + sessions × ACCOUNTED_FROM} plus what the
 * spool holds for all sessions ({@link LiteralSpool#HOLD_BYTES}) and one copy buffer per session, whatever clients
 * send or ask for. Thread-safe; one per server.
 */
public final class MessageMemory {
    /** Below this a message is not accounted (the same bound as an APPEND's in-memory share). */
    public static final long ACCOUNTED_FROM = LiteralSpool.MEMORY_BYTES;
    /** 128 MiB: two of the largest default APPENDs at once; more wait their turn. */
    public static final long DEFAULT_CAPACITY = 128L << 20;
    private static final int UNIT = 1024;

    private final long capacity;
    private final Semaphore units;
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    public MessageMemory(long capacityBytes) {
        if (capacityBytes < ACCOUNTED_FROM || capacityBytes / UNIT > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("message memory must be between 256K and 2T bytes");
        }
        this.capacity = capacityBytes;
        this.units = new Semaphore((int) (capacityBytes / UNIT), true); // fair: a large request is not starved
    }

    /** A share of the budget, given back by {@link #close} (idempotent). */
    public final class Lease implements AutoCloseable {
        private final long bytes;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Lease(long bytes) { this.bytes = bytes; }

        @Override public void close() {
            if (bytes == 0 || !open.compareAndSet(true, false)) return;
            inUse.addAndGet(-bytes);
            units.release(units(bytes));
        }
    }

    /** Waits until {@code bytes} (at most the whole budget) are free and takes them; nothing for small messages. */
    public Lease acquire(long bytes) throws InterruptedIOException {
        if (bytes < ACCOUNTED_FROM) return new Lease(0);
        long b = Math.min(bytes, capacity);
        try {
            units.acquire(units(b));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for message memory");
        }
        peak.accumulateAndGet(inUse.addAndGet(b), Math::max);
        return new Lease(b);
    }

    /**
     * Takes {@code bytes} now if they are free, counting them whatever their size, else null. For messages a session
     * holds beside the one it may always hold (pipelined APPENDs read ahead), which must not wait: waiting while
     * holding a share could wait for itself.
     */
    public Lease tryAcquire(long bytes) {
        if (bytes == 0) return new Lease(0);
        if (bytes > capacity || !units.tryAcquire(units(bytes))) return null;
        peak.accumulateAndGet(inUse.addAndGet(bytes), Math::max);
        return new Lease(bytes);
    }

    private int units(long bytes) {
        return (int) Math.min(capacity / UNIT, (bytes + UNIT - 1) / UNIT);
    }

    public long capacity() { return capacity; }

    /** Bytes leased now. */
    public long inUse() { return inUse.get(); }

    /** Callers waiting for their share now. */
    public int waiting() { return units.getQueueLength(); }

    /** The most bytes ever leased at once (for tests and metrics). */
    public long peak() { return peak.get(); }
}
