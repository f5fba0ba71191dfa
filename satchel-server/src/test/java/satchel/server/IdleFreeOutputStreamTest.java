package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IdleFreeOutputStreamTest {
    @Test void bytesArriveInOrderOnlyWhenFlushedOrFull() throws Exception {
        var sink = new CountingSink();
        var out = new IdleFreeOutputStream(sink, 8);
        out.write("abc".getBytes(StandardCharsets.US_ASCII));
        out.write('d');
        assertThat(sink.size()).isZero();
        out.write("efghij".getBytes(StandardCharsets.US_ASCII)); // does not fit: the buffer is filled and goes out
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("abcdefgh");
        out.write("0123456789".getBytes(StandardCharsets.US_ASCII)); // larger than the buffer: in full buffers
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("abcdefghij012345");
        out.write("xy".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("abcdefghij0123456789xy");
        out.write("z".getBytes(StandardCharsets.US_ASCII)); // usable again after the buffer was dropped
        out.flush();
        assertThat(sink.toString(StandardCharsets.US_ASCII)).endsWith("xyz");
        assertThat(sink.writes).isEqualTo(4);
    }

    @Test void aResponseThatOutgrowsItsBufferGoesOutInOneWriteFromALargeOne() throws Exception {
        var small = new IdleFreeOutputStream.Buffers(8, 2);
        var large = new IdleFreeOutputStream.Buffers(32, 1);
        var sink = new CountingSink();
        var out = new IdleFreeOutputStream(sink, small, large);
        out.write("* 1 FETCH {20}\r\n".getBytes(StandardCharsets.US_ASCII)); // head, then a body, then the OK
        out.write("0123456789".getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
        assertThat(sink.writes).isZero();
        out.flush();
        assertThat(sink.writes).isEqualTo(1);
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("* 1 FETCH {20}\r\n0123456789\n");
        byte[] lent = large.take(); // given back at the flush, as was the small one it replaced
        assertThat(lent).hasSize(32);
        assertThat(small.take()).hasSize(8);
        large.give(lent);
        // Past the large buffer: full large buffers go out, the rest waits for the flush.
        out.write("a".repeat(70).getBytes(StandardCharsets.US_ASCII));
        assertThat(sink.writes).isEqualTo(3);
        out.flush();
        assertThat(sink.writes).isEqualTo(4);
        assertThat(sink.toString(StandardCharsets.US_ASCII)).endsWith("\n" + "a".repeat(70));
    }

    /** A sink that counts the writes it is given (each is a syscall on a socket). */
    private static final class CountingSink extends ByteArrayOutputStream {
        int writes;

        @Override public synchronized void write(byte[] b, int off, int len) {
            writes++;
            super.write(b, off, len);
        }

        @Override public synchronized void write(int b) {
            writes++;
            super.write(b);
        }
    }

    @Test void aSharedBufferGoesBackAtFlushAndCarriesNothingOver() throws Exception {
        var buffers = new IdleFreeOutputStream.Buffers(8, 2);
        var first = new ByteArrayOutputStream();
        var a = new IdleFreeOutputStream(first, buffers);
        a.write("secret".getBytes(StandardCharsets.US_ASCII));
        a.flush();
        byte[] lent = buffers.take(); // the one a used, handed back by its flush
        assertThat(new String(lent, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("secret");
        buffers.give(lent);
        var second = new ByteArrayOutputStream();
        var b = new IdleFreeOutputStream(second, buffers);
        b.write("ok".getBytes(StandardCharsets.US_ASCII));
        b.flush();
        assertThat(second.toString(StandardCharsets.US_ASCII)).isEqualTo("ok");
        assertThat(buffers.take()).isSameAs(lent); // b borrowed the same array and gave it back
        a.write("again".getBytes(StandardCharsets.US_ASCII)); // a takes a buffer anew
        a.flush();
        assertThat(first.toString(StandardCharsets.US_ASCII)).isEqualTo("secretagain");
    }
}
