package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IdleFreeOutputStreamTest {
    @Test void bytesArriveInOrderOnlyWhenFlushedOrFull() throws Exception {
        var sink = new ByteArrayOutputStream();
        var out = new IdleFreeOutputStream(sink, 8);
        out.write("abc".getBytes(StandardCharsets.US_ASCII));
        out.write('d');
        assertThat(sink.size()).isZero();
        out.write("efghij".getBytes(StandardCharsets.US_ASCII)); // does not fit: the first four go out
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("abcd");
        out.write("0123456789".getBytes(StandardCharsets.US_ASCII)); // larger than the buffer: straight through
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("abcdefghij0123456789");
        out.write("xy".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("abcdefghij0123456789xy");
        out.write("z".getBytes(StandardCharsets.US_ASCII)); // usable again after the buffer was dropped
        out.flush();
        assertThat(sink.toString(StandardCharsets.US_ASCII)).endsWith("xyz");
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
