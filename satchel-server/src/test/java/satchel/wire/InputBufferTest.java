package satchel.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputBufferTest {
    /** Hands out one queued chunk per read, as a client that waits for each answer sends its commands. */
    private static final class OneChunkPerRead extends InputStream {
        final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
        int availableCalls;
        int largestRead;
        private byte[] current;
        private int pos;

        OneChunkPerRead(List<String> chunks) {
            for (String c : chunks) this.chunks.add(c.getBytes(StandardCharsets.US_ASCII));
        }

        @Override public int read() {
            throw new UnsupportedOperationException();
        }

        @Override public int read(byte[] b, int off, int len) {
            largestRead = Math.max(largestRead, len);
            if (current == null || pos == current.length) {
                current = chunks.poll();
                pos = 0;
                if (current == null) return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override public int available() {
            availableCalls++;
            return current == null ? 0 : current.length - pos;
        }
    }

    private static String line(InputBuffer in) throws Exception {
        StringBuilder s = new StringBuilder();
        for (int c; (c = in.peek()) >= 0; ) {
            in.advance();
            if (c == '\n') return s.toString();
            if (c != '\r') s.append((char) c);
        }
        return null;
    }

    /** Issue 11: a short command read into the few bytes kept while waiting, without asking available() (an ioctl). */
    @Test void shortCommandsOneAtATimeAreReadWithoutAvailableIntoTheSmallBuffer() throws Exception {
        var in = new OneChunkPerRead(List.of("a1 UID FETCH 1 BODY.PEEK[]\r\n", "a2 UID FETCH 2 BODY.PEEK[]\r\n",
                "a3 NOOP\r\n"));
        var buf = new InputBuffer(in);
        assertThat(line(buf)).isEqualTo("a1 UID FETCH 1 BODY.PEEK[]");
        assertThat(line(buf)).isEqualTo("a2 UID FETCH 2 BODY.PEEK[]");
        assertThat(line(buf)).isEqualTo("a3 NOOP");
        assertThat(in.availableCalls).isZero();
        assertThat(in.largestRead).isEqualTo(InputBuffer.HEAD);
        assertThat(buf.peek()).isEqualTo(-1);
    }

    /** A command longer than the small buffer continues in a full one; once drained, waiting goes back to the small one. */
    @Test void aLongCommandGrowsTheBufferAndTheNextShortOneShrinksItAgain() throws Exception {
        String longOne = "a1 FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER])\r\n";
        var in = new OneChunkPerRead(List.of(longOne, "a2 NOOP\r\n"));
        var buf = new InputBuffer(in);
        assertThat(line(buf)).isEqualTo(longOne.strip());
        assertThat(in.largestRead).isEqualTo(InputBuffer.SIZE);
        in.largestRead = 0;
        assertThat(line(buf)).isEqualTo("a2 NOOP");
        assertThat(in.largestRead).isEqualTo(InputBuffer.HEAD);
        assertThat(buf.received()).isEqualTo(longOne.length() + "a2 NOOP\r\n".length());
    }
}
