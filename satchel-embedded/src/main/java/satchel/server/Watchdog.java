package satchel.server;

import java.time.Duration;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clock over every open connection, one virtual thread for all of them: a read timeout restarts on every
 * byte and a blocking write has none, so neither can bound a client that drips or stops reading.
 * <ul>
 * <li>Login deadline, counted from accept (TLS handshake included): a peer not logged in by then is asked to
 *     stop (BYE "Autologout"), and cut {@link #GRACE} later if it is still there (say, inside a dripped literal
 *     or a STARTTLS handshake). Peers dropped to make room are cut the same way ({@link Peer#dismiss}).
 * <li>Write timeout: a write that made no progress for that long (the peer does not read) cuts the connection.
 * <li>Idle timeout after login: a read that has waited that long asks the session to end with BYE, as a socket
 *     timeout would, without a timer armed on every read ({@link SocketTransport#setReadTimeout}).
 * </ul>
 */
final class Watchdog implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);
    static final Duration GRACE = Duration.ofSeconds(1);

    private final Collection<Peer> peers;
    private final long loginNanos;
    private final long writeNanos;
    private final Duration tick;
    private volatile boolean stopped;
    private Thread thread;

    Watchdog(Collection<Peer> peers, Duration login, Duration write) {
        this.peers = peers;
        this.loginNanos = login.toNanos();
        this.writeNanos = write.toNanos();
        // A tenth of the shorter timeout, so a deadline is kept to within 10 %, between 50 ms and 1 s.
        long t = Math.min(login.toMillis(), write.toMillis()) / 10;
        this.tick = Duration.ofMillis(Math.clamp(t, 50, 1000));
    }

    synchronized void start() {
        thread = Thread.ofVirtual().name("connection-watchdog").start(this);
    }

    synchronized void stop() {
        stopped = true;
        if (thread != null) thread.interrupt();
    }

    @Override public void run() {
        while (!stopped) {
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
            check(System.nanoTime());
        }
    }

    void check(long now) {
        for (Peer p : peers) {
            if (p.cutDue(now)) {
                if (p.abort()) log.info("cut {}: still open {} after it was asked to go", p, GRACE);
                continue;
            }
            if (!p.isLoggedIn() && now - p.acceptedNanos > loginNanos) {
                if (p.dismiss("Autologout; login took too long", GRACE)) log.info("login deadline passed for {}", p);
            }
            if (p.readOverdue(now) && p.dismiss("Autologout; idle for too long", GRACE)) {
                log.info("autologout of {}: idle for too long", p);
            }
            long stalled = p.writeStalledNanos(now);
            if (stalled > writeNanos && p.abort()) {
                log.info("cut {}: a write made no progress for {} ms (the client does not read)", p,
                        stalled / 1_000_000);
            }
        }
    }
}
