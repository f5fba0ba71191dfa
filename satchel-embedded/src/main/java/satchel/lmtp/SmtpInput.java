package satchel.lmtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The reading side of an SMTP-family connection (RFC 5321, LMTP RFC 2033), over a buffer of its own: command
 * lines (ending in CRLF, or a bare LF, tolerated), DATA up to the lone dot with dot-stuffing undone (RFC 5321
 * §4.5.2), and BDAT chunks of a given size (RFC 3030). Nothing unbounded is ever held: a command line is cut at
 * its limit and the rest skipped up to a bound, message data streams straight into the caller's sink. Blocks;
 * one reader per connection, on the connection's thread.
 */
public final class SmtpInput {
    /** A command line over the limit: the line was skipped (the connection is still in step). */
    public static final class LineTooLong extends IOException {
        LineTooLong(String message) { super(message); }
    }

    private final InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int end;
    private long bytesRead;

    public SmtpInput(InputStream in) {
        this.in = in;
    }

    /** Bytes already received and not yet consumed: when zero, the client waits for our replies (RFC 2920 §3.1). */
    public int buffered() {
        return end - pos;
    }

    public long bytesRead() {
        return bytesRead;
    }

    private boolean fill() throws IOException {
        if (pos < end) return true;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) return false;
        pos = 0;
        end = n;
        bytesRead += n;
        return true;
    }

    /**
     * The next line without its line end, or null at end of input. A line longer than {@code max} bytes is
     * skipped to its end and {@link LineTooLong} thrown; one longer than {@code skipMax} ends the connection
     * ({@link EOFException}): a client that never sends a line end must not keep us reading forever.
     */
    public byte[] line(int max, long skipMax) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(128);
        long length = 0; // bytes before the LF, counted even past what is kept
        byte last = 0;
        while (true) {
            if (!fill()) {
                if (length == 0) return null;
                throw new EOFException("connection closed in the middle of a line");
            }
            int lf = -1;
            for (int i = pos; i < end; i++) {
                if (buf[i] == '\n') {
                    lf = i;
                    break;
                }
            }
            int stop = lf < 0 ? end : lf;
            int n = stop - pos;
            long room = max + 1L - length; // + 1: room for the CR
            if (room > 0) line.write(buf, pos, (int) Math.min(n, room));
            if (n > 0) last = buf[stop - 1];
            length += n;
            pos = lf < 0 ? end : lf + 1;
            if (lf >= 0) break;
            if (length > skipMax) throw new EOFException("line longer than " + skipMax + " bytes");
        }
        long content = last == '\r' ? length - 1 : length;
        if (content > max) throw new LineTooLong("Line too long (at most " + max + " bytes)");
        return java.util.Arrays.copyOf(line.toByteArray(), (int) content);
    }

    /**
     * DATA (RFC 5321 §4.1.1.4): copies lines into {@code sink} until a line holding only ".", removing the first
     * dot of any other line that starts with one (§4.5.2). Lines may end in CRLF or a bare LF; they are passed on
     * as they came (the sink normalises). Throws {@link EOFException} if the connection ends first.
     */
    public void data(OutputStream sink) throws IOException {
        boolean lineStart = true;
        while (true) {
            if (!fill()) throw new EOFException("connection closed during DATA");
            if (lineStart && buf[pos] == '.') {
                // Decide on the dot: the end marker ".\r\n" / ".\n", or a stuffed dot to drop.
                if (!ensure(2)) throw new EOFException("connection closed during DATA");
                byte next = buf[pos + 1];
                if (next == '\n') {
                    pos += 2;
                    return;
                }
                if (next == '\r') {
                    if (!ensure(3)) throw new EOFException("connection closed during DATA");
                    if (buf[pos + 2] == '\n') {
                        pos += 3;
                        return;
                    }
                }
                pos++; // dot-stuffing undone
            }
            int start = pos;
            int i = pos;
            while (i < end && buf[i] != '\n') i++;
            if (i < end) {
                i++; // through the LF
                lineStart = true;
            } else {
                lineStart = false;
            }
            sink.write(buf, start, i - start);
            pos = i;
        }
    }

    /** Makes at least {@code n} unread bytes available in the buffer (n is small), compacting it; false at EOF. */
    private boolean ensure(int n) throws IOException {
        while (end - pos < n) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, end - pos);
                end -= pos;
                pos = 0;
            }
            int r = in.read(buf, end, buf.length - end);
            if (r <= 0) return false;
            end += r;
            bytesRead += r;
        }
        return true;
    }

    /** BDAT (RFC 3030 §2): exactly {@code size} bytes into {@code sink}, whatever they contain. */
    public void chunk(long size, OutputStream sink) throws IOException {
        for (long left = size; left > 0; ) {
            if (!fill()) throw new EOFException("connection closed during BDAT");
            int n = (int) Math.min(left, end - pos);
            sink.write(buf, pos, n);
            pos += n;
            left -= n;
        }
    }
}
