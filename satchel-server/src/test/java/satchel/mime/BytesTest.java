package satchel.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Eight bytes at a time finds and counts what a byte-at-a-time loop does, at every alignment and range end. */
class BytesTest {
    @Test
    void agreesWithTheByteLoop() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 3000; round++) {
            byte[] b = new byte[random.nextInt(0, 80)];
            // Few distinct values, the sought one among them, and the ones next to it (borrows, high bits).
            byte[] alphabet = {'\n', '\r', 'a', 0, (byte) 0x80, (byte) 0x8A, (byte) 0xFF, 0x0B, 0x09};
            for (int i = 0; i < b.length; i++) b[i] = alphabet[random.nextInt(alphabet.length)];
            int from = b.length == 0 ? 0 : random.nextInt(0, b.length + 1);
            int to = random.nextInt(from, b.length + 1);
            byte v = alphabet[random.nextInt(alphabet.length)];
            int first = -1;
            long count = 0;
            for (int i = from; i < to; i++) {
                if (b[i] != v) continue;
                if (first < 0) first = i;
                count++;
            }
            assertThat(Bytes.indexOf(b, from, to, v)).isEqualTo(first);
            assertThat(Bytes.count(b, from, to, v)).isEqualTo(count);
        }
    }

    @Test
    void lineEndsAsBefore() {
        byte[] b = "ab\r\ncd\nlonger line than eight bytes\r\n\r\nx".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(Headers.lineEnd(b, 0, b.length)).isEqualTo(4);
        assertThat(Headers.lineEnd(b, 4, b.length)).isEqualTo(7);
        assertThat(Headers.lineEnd(b, 7, b.length)).isEqualTo(37);
        assertThat(Headers.lineEnd(b, 39, b.length)).isEqualTo(b.length); // no LF: the end
        assertThat(Headers.lineEnd(b, 7, 20)).isEqualTo(20); // the end of the range comes first
        assertThat(Headers.lineEnd(b, 20, 10)).isEqualTo(10); // past the end: the end, as before
    }
}
