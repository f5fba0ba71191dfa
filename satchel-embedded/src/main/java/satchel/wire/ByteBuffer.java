package satchel.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array for building one response: {@link java.io.ByteArrayOutputStream} without its lock, which
 * it takes on every single-byte write (a quoted string is written a byte at a time). One thread only.
 */
final class ByteBuffer implements Response.Sink {
    private byte[] buf;
    private int count;

    ByteBuffer(int capacity) { buf = new byte[capacity]; }

    private void ensure(int more) {
        if (count + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
    }

    @Override public void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    @Override public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    void writeBytes(byte[] b) { write(b, 0, b.length); }

    /** The characters of {@code s}, which must all be below 0x80. */
    void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) buf[count++] = (byte) s.charAt(i);
    }

    /** The decimal digits of {@code n}, without a String. */
    void writeNumber(long n) {
        if (n < 0) {
            if (n == Long.MIN_VALUE) {
                writeAscii(Long.toString(n));
                return;
            }
            write('-');
            n = -n;
        }
        ensure(20);
        int start = count;
        do {
            buf[count++] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n > 0);
        for (int a = start, b = count - 1; a < b; a++, b--) {
            byte t = buf[a];
            buf[a] = buf[b];
            buf[b] = t;
        }
    }

    int size() { return count; }

    void reset() { count = 0; }

    byte[] toByteArray() { return Arrays.copyOf(buf, count); }

    void writeTo(OutputStream out) throws IOException { out.write(buf, 0, count); }
}
