package satchel.session;

/**
 * Where a protocol trace goes: the plaintext IMAP bytes of one connection, above TLS and above COMPRESS, as the
 * session reads and writes them. Implementations mask secrets themselves ({@link TraceLog}); they are called
 * from the session thread and the IDLE notifier, so they synchronise, and they never throw.
 */
public interface TraceSink extends AutoCloseable {
    void client(byte[] b, int off, int len);

    void server(byte[] b, int off, int len);

    @Override void close();
}
