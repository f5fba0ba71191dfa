package satchel.wire;

import java.io.IOException;
import java.io.InputStream;

/**
 * Streaming, bounded reader of client bytes for one connection (RFC 9051 §9 tokens). Blocks on the underlying
 * stream; never buffers more than the current {@link Limits} allow. Not thread-safe: the connection thread only.
 */
public final class ImapReader {
    public ImapReader(InputStream in) {
        throw new UnsupportedOperationException("wire helper");
    }

    public void setLimits(Limits limits) {
        throw new UnsupportedOperationException("wire helper");
    }

    public Limits limits() {
        throw new UnsupportedOperationException("wire helper");
    }

    /**
     * One whole line without its CRLF (AUTHENTICATE responses, IDLE's DONE), bounded by {@code lineBytes};
     * null at end of stream. Bytes after the line stay buffered for the next command.
     */
    public String readLine() throws IOException, ProtocolException {
        throw new UnsupportedOperationException("wire helper");
    }

    /** Bytes received but not yet consumed (STARTTLS must find none, CVE-2011-0411). */
    public int buffered() {
        throw new UnsupportedOperationException("wire helper");
    }

    public long bytesRead() {
        throw new UnsupportedOperationException("wire helper");
    }
}
