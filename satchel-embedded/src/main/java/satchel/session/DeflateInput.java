package satchel.session;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * The client's side of RFC 4978 COMPRESS=DEFLATE: raw DEFLATE, inflated only as fast as the reader consumes it,
 * so what one command may inflate is bounded by the reader's budgets. A corrupt stream fails with
 * {@link Corrupt}, on which the session says BYE before closing instead of vanishing.
 */
final class DeflateInput extends InflaterInputStream {
    /** The compressed stream is not valid DEFLATE; the connection cannot continue. */
    static final class Corrupt extends IOException {
        Corrupt(String message) { super(message); }
    }

    DeflateInput(InputStream in) {
        super(in, new Inflater(true), 8192);
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (ZipException e) {
            throw new Corrupt("Corrupt compressed data");
        }
    }

    /** Bytes may be ready although the socket has none: the inflater may still hold input. */
    @Override public int available() throws IOException {
        return inf.getRemaining() > 0 ? 1 : super.available();
    }
}
