package satchel.session;

import java.util.Arrays;
import org.slf4j.Logger;

/**
 * Where one doorbell's fan-out spends its time, at debug level only: for each session that IDLE woke, when its
 * notifier ran, when its view had synced and when its response was flushed, in milliseconds after the bell; and
 * when the bell's shared read began and ended. Logged once, as percentiles, when every session that heard the bell
 * has reported (or at the next bell): the per-hop split of cross-node IDLE latency in numbers, not guesses.
 * Thread-safe.
 */
final class FanOutTrace {
    private final long bell;
    private final long mailbox;
    private final long rangAt;
    private final int expected;
    private final long[] woke;
    private final long[] synced;
    private final long[] flushed;
    private int n;
    private long readBegan = -1;
    private long readDone = -1;
    private boolean logged;

    FanOutTrace(long bell, long mailbox, int expected) {
        this.bell = bell;
        this.mailbox = mailbox;
        this.rangAt = System.nanoTime();
        this.expected = expected;
        this.woke = new long[expected];
        this.synced = new long[expected];
        this.flushed = new long[expected];
    }

    long bell() { return bell; }

    synchronized void read(long beganAt, long doneAt) {
        if (readBegan < 0) {
            readBegan = beganAt - rangAt;
            readDone = doneAt - rangAt;
        }
    }

    /** One session's wake-up, sync and flush ({@link System#nanoTime}); logs once every session has reported. */
    void session(long wokeAt, long syncedAt, long flushedAt, Logger log) {
        synchronized (this) {
            if (n == expected) return;
            woke[n] = wokeAt - rangAt;
            synced[n] = syncedAt - rangAt;
            flushed[n] = flushedAt - rangAt;
            if (++n < expected) return;
        }
        log(log);
    }

    void log(Logger log) {
        String line;
        synchronized (this) {
            if (logged || n == 0) return;
            logged = true;
            line = String.format("Fan-out of bell %d of mailbox %d: %d of %d sessions; read %s..%s ms;"
                    + " woke %s, synced %s, flushed %s (ms after the bell: p50/p99/max)", bell, mailbox, n, expected,
                    ms(readBegan), ms(readDone), spread(woke), spread(synced), spread(flushed));
        }
        log.debug(line);
    }

    private String spread(long[] all) {
        long[] a = Arrays.copyOf(all, n);
        Arrays.sort(a);
        return ms(a[(n - 1) / 2]) + "/" + ms(a[Math.max(0, (int) Math.ceil(n * 0.99) - 1)]) + "/" + ms(a[n - 1]);
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "-" : String.format("%.1f", nanos / 1e6);
    }
}
