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
}
