package satchel.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import satchel.session.Transport;

/**
 * A {@link Transport} over a TCP socket, plain with STARTTLS or already TLS (implicit TLS). Input is the raw
 * socket stream (the session buffers); output is buffered and the session flushes. After {@link #startTls}
 * both streams come from the TLS socket. {@link #close} and {@link #abort} may be called from any thread.
 * Output passes through a {@link WriteClock}, so a watchdog can see a write that makes no progress; input through a
 * {@link ReadClock}, so it can keep a long read timeout ({@link #setReadTimeout}) without a timer per read.
 */
public final class SocketTransport implements Transport {
    private static final int OUTPUT_BUFFER = 16 * 1024;
    /** Output buffers lent to connections while they write (64 of 16 KiB kept: 1 MiB at most). */
    private static final IdleFreeOutputStream.Buffers BUFFERS = new IdleFreeOutputStream.Buffers(OUTPUT_BUFFER, 64);
    /**
     * Lent to a response that outgrows its 16 KiB, so that a body FETCH up to this size (head, literal, tagged OK) is one
     * write (16 of 64 KiB kept: 1 MiB at most). As large as {@link WriteClock#CHUNK}: larger writes would be cut there.
     */
    private static final IdleFreeOutputStream.Buffers LARGE = new IdleFreeOutputStream.Buffers(WriteClock.CHUNK, 16);
    /**
     * Read timeouts this long or longer are kept by the watchdog, whose tick (at most a second) is then a small
     * error; shorter ones (before login) by the socket.
     */
    static final Duration WATCHED_TIMEOUT = Duration.ofMinutes(1);

    private final Socket raw; // the TCP socket under any TLS layer
    private final SSLContext startTlsContext;
    private final boolean loopback;
    private final String remoteAddress;
    private volatile Socket socket;
    private volatile InputStream in;
    private volatile OutputStream out;
    private volatile WriteClock clock;
    private volatile ReadClock readClock;
    private volatile long readLimitNanos; // the read timeout the watchdog keeps; 0 when the socket keeps it
    private volatile boolean secure;

    /**
     * @param startTls the context for STARTTLS, or null when STARTTLS is not offered
     * @param secure   true when {@code socket} is an {@link SSLSocket} whose handshake is done
     */
    public SocketTransport(Socket socket, SSLContext startTls, boolean secure) throws IOException {
        this(socket, socket, startTls, secure);
    }

    /** {@code raw}: the TCP socket {@code socket} is layered on (the same socket when there is no TLS). */
    SocketTransport(Socket raw, Socket socket, SSLContext startTls, boolean secure) throws IOException {
        this.raw = raw;
        this.socket = socket;
        this.startTlsContext = secure ? null : startTls;
        this.secure = secure;
        this.loopback = socket.getInetAddress().isLoopbackAddress();
        this.remoteAddress = socket.getInetAddress().getHostAddress();
        this.in = clocked(socket.getInputStream());
        this.out = clocked(socket.getOutputStream());
    }

    private InputStream clocked(InputStream i) {
        readClock = new ReadClock(i);
        return readClock;
    }

    private OutputStream clocked(OutputStream o) {
        clock = new WriteClock(o);
        return new IdleFreeOutputStream(clock, BUFFERS, LARGE);
    }

    @Override public InputStream input() {
        return in;
    }

    @Override public OutputStream output() {
        return out;
    }

    @Override public boolean secure() {
        return secure;
    }

    @Override public boolean loopback() {
        return loopback;
    }

    @Override public String remoteAddress() {
        return remoteAddress;
    }

    @Override public boolean tlsAvailable() {
        return startTlsContext != null && !secure;
    }

    /**
     * RFC 3501 §6.2.1: handshake over the existing connection. Nothing read before is reused: the plain input
     * stream is abandoned, so bytes a client pipelined after STARTTLS are not commands (CVE-2011-0411).
     */
    @Override public synchronized void startTls() throws IOException {
        if (!tlsAvailable()) throw new IOException("TLS is not available on this connection");
        out.flush();
        Socket plain = socket;
        SSLSocket ssl = (SSLSocket) startTlsContext.getSocketFactory()
                .createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        TlsContexts.serverMode(ssl);
        ssl.startHandshake();
        socket = ssl;
        in = clocked(ssl.getInputStream());
        out = clocked(ssl.getOutputStream());
        secure = true;
    }

    @Override public byte[] tlsExporter() {
        return ChannelBinding.tlsExporter(socket);
    }

    /**
     * A timeout of {@link #WATCHED_TIMEOUT} or more (the idle timeout after login) is not a socket timeout: the
     * {@link Watchdog} asks the session to end once a read has waited that long ({@link #readOverdue}), and the
     * session says BYE as for any autologout. A virtual thread's timed read costs a timer, armed and disarmed on every
     * command; the watchdog looks at every connection once per tick anyway.
     */
    @Override public void setReadTimeout(Duration timeout) throws IOException {
        boolean watched = timeout.compareTo(WATCHED_TIMEOUT) >= 0;
        long millis = watched ? 0 : timeout.toMillis();
        socket.setSoTimeout(millis > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) millis);
        readLimitNanos = watched ? timeout.toNanos() : 0;
    }

    /** Whether a read has waited longer than the timeout the watchdog keeps, at {@code now} (System.nanoTime). */
    boolean readOverdue(long now) {
        long limit = readLimitNanos;
        return limit > 0 && readClock.waitingNanos(now) > limit;
    }

    /** How long the write in progress has been blocked at {@code now} (System.nanoTime), or 0. */
    long writeStalledNanos(long now) {
        return clock.stalledNanos(now);
    }

    /**
     * Cuts the connection at once: closes the TCP socket under any TLS layer, which neither sends close_notify
     * nor waits for a writer blocked on a peer that does not read (closing the SSLSocket would wait for its lock).
     */
    void abort() {
        try {
            raw.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone: nothing left to release
        }
    }

    @Override public String toString() {
        return remoteAddress + ":" + socket.getPort() + (secure ? " (TLS)" : "");
    }
}
