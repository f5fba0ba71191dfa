package satchel.session;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies what a connection reads and writes to a {@link TraceSink} while one is set; costs one volatile read
 * per call otherwise. Wraps the streams the reader and writer use, so the trace sees plaintext IMAP (above TLS,
 * above COMPRESS) and keeps working across STARTTLS and COMPRESS.
 */
final class TraceTap {
    private volatile TraceSink sink;

    TraceSink sink() { return sink; }

    /** Starts a trace unless one runs already; the previous sink (if any) stays. Returns true if started. */
    synchronized boolean start(TraceSink s) {
        if (s == null || sink != null) return false;
        sink = s;
        return true;
    }

    synchronized void stop() {
        TraceSink s = sink;
        sink = null;
        if (s != null) s.close();
    }

    InputStream in(InputStream raw) {
        return new FilterInputStream(raw) {
            @Override public int read() throws IOException {
                int c = super.read();
                TraceSink s = sink;
                if (c >= 0 && s != null) s.client(new byte[] {(byte) c}, 0, 1);
                return c;
            }

            @Override public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                TraceSink s = sink;
                if (n > 0 && s != null) s.client(b, off, n);
                return n;
            }
        };
    }

    OutputStream out(OutputStream raw) {
        return new FilterOutputStream(raw) {
            @Override public void write(int c) throws IOException {
                out.write(c);
                TraceSink s = sink;
                if (s != null) s.server(new byte[] {(byte) c}, 0, 1);
            }

            @Override public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                TraceSink s = sink;
                if (s != null) s.server(b, off, len);
            }
        };
    }
}
