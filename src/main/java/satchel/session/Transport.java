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

    /** Server-side TLS handshake over the current connection (RFC 3501 §6.2.1). */
    void startTls() throws IOException;

    /** Sets how long a read may block before it fails with {@link java.net.SocketTimeoutException}; 0 = forever. */
    void setReadTimeout(java.time.Duration timeout) throws IOException;

    @Override void close();
}
