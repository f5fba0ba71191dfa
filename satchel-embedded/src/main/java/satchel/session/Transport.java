package satchel.session;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The byte streams a session runs on: a socket, TLS, stdin/stdout (PREAUTH) or test pipes.
 * {@link #startTls} replaces the streams in place; callers fetch {@link #input}/{@link #output} again after it.
 */
public interface Transport extends Closeable {
    InputStream input() throws IOException;

    OutputStream output() throws IOException;

    /** True once TLS protects the connection (implicit TLS or after STARTTLS), or for stdio/loopback-trusted pipes. */
    boolean secure();

    /** Whether the peer is on a loopback address (plaintext LOGIN is allowed there by default). */
    boolean loopback();

    /** Peer address for logs and throttling, e.g. "127.0.0.1" or "stdio". */
    String remoteAddress();

    /** Whether STARTTLS can be offered now. */
    boolean tlsAvailable();

    /**
     * The {@code tls-exporter} channel binding (RFC 9266 §2) of this connection: 32 bytes exported with the label
     * "EXPORTER-Channel-Binding" and no context, or null unless TLS 1.3 protects it (RFC 9266 §3 defines it only
     * for TLS 1.3 and for TLS 1.2 with extended master secret; this server binds TLS 1.3 only).
     */
    default byte[] tlsExporter() {
        return null;
    }

    /** Server-side TLS handshake over the current connection (RFC 3501 §6.2.1). */
    void startTls() throws IOException;

    /**
     * Sets how long a read may block before it fails with {@link java.net.SocketTimeoutException}; 0 = forever. A
     * transport may keep a long timeout another way that ends the session as {@link ImapSession#shutdown} does (the
     * server's sockets: the watchdog, with the autologout BYE).
     */
    void setReadTimeout(java.time.Duration timeout) throws IOException;

    @Override void close();
}
