package satchel.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Headers#value} trims and unfolds without copying one-line values (issue 11): it must give exactly what
 * unfolding the whole value and then {@link String#strip} gave, for any bytes.
 */
class HeadersValueTest {
    /** The former implementation: every CR and LF removed, then the text stripped. */
    private static String reference(byte[] b, Headers.Field f) {
        byte[] v = new byte[f.end() - f.valueStart()];
        int n = 0;
        for (int i = f.valueStart(); i < f.end(); i++) if (b[i] != '\r' && b[i] != '\n') v[n++] = b[i];
        return Headers.text(v, 0, n).strip();
    }

    private static void check(byte[] message) {
        List<Headers.Field> fields = Headers.parse(message, 0, Headers.headerEnd(message, 0, message.length));
        for (Headers.Field f : fields) assertThat(Headers.value(message, f)).isEqualTo(reference(message, f));
    }

    @Test
    void foldedPaddedAndNonAsciiValuesAsBefore() {
        for (String h : new String[] {
                "Subject: plain\r\n", "Subject:   padded \t \r\n", "Subject:\r\n folded\r\n  twice \r\n",
                "Subject: caf\u00e9 \u3000\r\n", "Subject: \u3000wide space\u3000\r\n", "Subject:\r\n\r\n",
                "Subject: \u001c\u001fcontrols\u001e \r\n", "Subject: a\rb\nc\r\n"}) {
            check((h + "\r\nbody\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        // a UTF-8 sequence split by a fold, and bytes that are not UTF-8 at all (windows-1252)
        check(new byte[] {'S', ':', ' ', (byte) 0xc3, '\r', '\n', ' ', (byte) 0xa9, ' ', '\r', '\n', '\r', '\n'});
        check(new byte[] {'S', ':', ' ', (byte) 0x85, 'x', (byte) 0xa0, ' ', '\r', '\n', '\r', '\n'});
    }

    @Test
    void randomHeaderBytesAsBefore() {
        SplittableRandom random = new SplittableRandom(11);
        byte[] alphabet = {' ', '\t', '\r', '\n', 0x0b, 0x0c, 0x1c, 0x1f, 'a', 'Z', ':', (byte) 0xc3, (byte) 0xa9,
                (byte) 0xe3, (byte) 0x80, 0};
        for (int round = 0; round < 2_000; round++) {
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            m.writeBytes("X-Test:".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = random.nextInt(40); i > 0; i--) m.write(alphabet[random.nextInt(alphabet.length)]);
            m.writeBytes("\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            check(m.toByteArray());
        }
    }
}
