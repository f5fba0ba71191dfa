package satchel.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Literal8 messages (RFC 3516 §4.4) made textual: NUL-holding identity parts become base64, nothing else moves. */
class BinaryContentTest {
    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    @Test
    void messageWithoutNulIsReturnedAsIs() {
        byte[] m = bytes("Subject: x\r\n\r\nhello\r\n");
        assertThat(BinaryContent.toText(m)).isSameAs(m);
    }

    @Test
    void onlyTheNulPartOfAMultipartIsReencodedAndDecodesBack() {
        String text = "--b\r\nContent-Type: text/plain\r\n\r\nplain text\r\n";
        byte[] m = bytes("Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" + text
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding:\r\n binary\r\n"
                + "X-After: kept\r\n\r\n\u0000\u00ff\u0001\r\n--b--\r\n");
        byte[] out = BinaryContent.toText(m);
        String s = new String(out, StandardCharsets.ISO_8859_1);
        assertThat(BinaryContent.hasNul(out)).isFalse();
        assertThat(s).contains(text).contains("X-After: kept\r\n").doesNotContain(" binary");
        Part p = ((PartBody.Multipart) MessageStructure.parse(out).root().body()).parts().get(1);
        assertThat(p.encoding()).isEqualTo("base64");
        byte[] decoded = TransferEncoding.decode(out, p.bodyOffset(), p.bodyLength(), p.encoding());
        assertThat(decoded).containsExactly(0, 0xff, 1); // the CRLF before --b belongs to the boundary (RFC 2046 §5.1.1)
        List<Part> parts = ((PartBody.Multipart) MessageStructure.parse(out).root().body()).parts();
        assertThat(parts).hasSize(2);
    }

    @Test
    void partWithUndoableEncodingIsLeftAlone() {
        byte[] m = bytes("Content-Transfer-Encoding: x-unknown\r\n\r\nA\u0000B");
        assertThat(BinaryContent.toText(m)).isEqualTo(m);
    }
}
