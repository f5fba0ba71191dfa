package satchel.wire;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** Hands out at most one byte per read(), as a slow network would; exercises every refill path. */
public final class TricklingInputStream extends InputStream {
    private final ByteArrayInputStream in;

    public TricklingInputStream(byte[] data) {
        in = new ByteArrayInputStream(data);
    }

    @Override public int read() {
        return in.read();
    }

    @Override public int read(byte[] b, int off, int len) {
        return len == 0 ? 0 : in.read(b, off, 1);
    }

    /** Bytes not yet handed out. */
    @Override public int available() {
        return in.available();
    }
}
