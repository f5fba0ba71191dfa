package satchel.server;

import java.io.IOException;
import java.net.Socket;
import java.util.Optional;
import satchel.net.AddressKey;

/**
 * One accepted TCP connection, from accept to close, whatever runs on it: a TLS handshake, a session, or
 * nothing yet. The limits count it from accept ({@link ConnectionLimits}); the {@link Watchdog} ends it when
 * it misses the login deadline or stops reading. {@link #stop} and {@link #abort} may be called from any
 * thread and never block on the peer.
 */
final class Peer {
    final long id;
    final Socket socket; // the TCP socket as accepted: closing it cuts everything layered on it, at once
    private final java.io.Closeable endpoint; // what abort closes: the socket, or a channel that has none (Unix)
    final AddressKey key;
    final String address;
    final boolean implicitTls;
    final long acceptedNanos = System.nanoTime();
    final java.time.Instant acceptedAt = java.time.Instant.now();
    boolean counted; // guarded by ConnectionLimits
    private volatile boolean loggedIn;
    private volatile long cutAt; // System.nanoTime() after which the watchdog cuts it; 0 for never
    private volatile boolean aborted;
    private Thread thread;
    private Connection connection;
    private SocketTransport transport;
    private String stopReason;

    Peer(long id, Socket socket, boolean implicitTls) {
        this(id, socket, socket.getInetAddress().getHostAddress(), implicitTls);
    }

    /** {@code address}: the remote address as text (tests give one for an unconnected socket). */
    Peer(long id, Socket socket, String address, boolean implicitTls) {
        this.id = id;
        this.socket = socket;
        this.endpoint = socket;
        this.key = AddressKey.of(address);
        this.address = address;
        this.implicitTls = implicitTls;
    }

    /**
     * A connection without a {@link Socket}: a Unix domain socket channel (LMTP). {@code address} is what it
     * counts against in the limits, e.g. "local"; it never logs in, so nothing drops it to make room.
     */
    Peer(long id, java.nio.channels.Channel channel, String address) {
        this.id = id;
        this.socket = null;
        this.endpoint = channel;
        this.key = AddressKey.of(address);
        this.address = address;
        this.implicitTls = false;
    }

    synchronized void thread(Thread t) {
        thread = t;
    }

    synchronized Thread thread() {
        return thread;
    }

    /**
     * The session is ready to run on {@code transport}; returns the reason it must be greeted with BYE if
     * {@link #stop} came first.
     */
    synchronized Optional<String> attach(Connection c, SocketTransport t) {
        connection = c;
        transport = t;
        return Optional.ofNullable(stopReason);
    }

    /**
     * Ends the connection politely: a session says BYE (after the command it runs); one still in its TLS
     * handshake cannot be told anything and is cut.
     */
    void stop(String reason) {
        Connection c;
        synchronized (this) {
            if (stopReason == null) stopReason = reason;
            c = connection;
        }
        if (c != null) c.shutdown(reason);
        else if (implicitTls) abort();
    }

    /**
     * Cuts the TCP connection under any TLS layer: blocked reads and writes fail at once, nothing is sent.
     * True the first time.
     */
    boolean abort() {
        if (aborted) return false;
        aborted = true;
        try {
            endpoint.close();
        } catch (IOException e) {
            // already closed
        }
        return true;
    }

    /** For {@code satchel who}: what runs on the connection now. Never blocks on the peer. */
    SessionInfo info() {
        Connection c;
        synchronized (this) {
            c = connection;
        }
        var a = c == null ? null : c.activity();
        return new SessionInfo(id, a == null ? "-" : a.user(), socket.getInetAddress(),
                a == null ? "CONNECTING" : a.state().name(), a == null ? null : a.mailbox(), acceptedAt,
                a == null ? 0 : a.bytesIn(), a == null ? 0 : a.bytesOut());
    }

    void loggedIn() {
        loggedIn = true;
    }

    boolean isLoggedIn() {
        return loggedIn;
    }

    /**
     * Asks the peer to go ({@link #stop}) and has the watchdog cut it {@code grace} later if it is still there
     * (a command in progress, a client that does not read the BYE). False if that was already asked.
     */
    boolean dismiss(String reason, java.time.Duration grace) {
        synchronized (this) {
            if (cutAt != 0) return false;
            long at = System.nanoTime() + grace.toNanos();
            cutAt = at == 0 ? 1 : at;
        }
        stop(reason);
        return true;
    }

    /** Whether {@link #dismiss} asked for a cut that is due at {@code now}. */
    boolean cutDue(long now) {
        long at = cutAt;
        return at != 0 && now - at > 0;
    }

    /** Whether the session's read has waited past its idle timeout (kept by the watchdog, not the socket). */
    synchronized boolean readOverdue(long now) {
        return transport != null && transport.readOverdue(now);
    }

    /** How long the write in progress has been blocked, or 0. */
    synchronized long writeStalledNanos(long now) {
        return transport == null ? 0 : transport.writeStalledNanos(now);
    }

    @Override public String toString() {
        return "#" + id + " from " + address + (socket == null ? "" : ":" + socket.getPort());
    }
}
