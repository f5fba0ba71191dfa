package satchel.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Makes a message appended with a literal8 (RFC 3516 §4.4) safe to send as an ordinary IMAP string: every leaf
 * part with an identity encoding whose body holds a NUL octet is re-encoded as base64, as Dovecot does. RFC 9051
 * §4.3.1 forbids NUL outside a literal8 answer to FETCH BINARY, so BODY[], RFC822 and the like could otherwise not
 * return such a message; stored this way, BODY[] and RFC822.SIZE stay one consistent text and BINARY[n] still
 * decodes the part back to the octets the client sent.
 */
public final class BinaryContent {
    private BinaryContent() {}

    private static final byte[] CTE = "Content-Transfer-Encoding: base64\r\n".getBytes(StandardCharsets.US_ASCII);

    /** True if the message has a NUL octet anywhere, the cheap test before {@link #toText}. */
    public static boolean hasNul(byte[] message) {
        for (byte x : message) if (x == 0) return true;
        return false;
    }

    /** The message with NUL-holding identity-encoded leaf parts re-encoded as base64; the same array if none. */
    public static byte[] toText(byte[] message) {
        if (!hasNul(message)) return message;
        List<Part> leaves = new ArrayList<>();
        collect(MessageStructure.parse(message).root(), message, leaves);
        if (leaves.isEmpty()) return message;
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 2);
        int pos = 0;
        for (Part p : leaves) { // collected in document order, so the ranges ascend and never overlap
            out.write(message, pos, p.headerOffset() - pos);
            header(message, p.headerOffset(), p.bodyOffset(), out);
            byte[] encoded = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'})
                    .encode(Arrays.copyOfRange(message, p.bodyOffset(), p.bodyOffset() + p.bodyLength()));
            out.writeBytes(encoded);
            pos = p.bodyOffset() + p.bodyLength();
        }
        out.write(message, pos, message.length - pos);
        return out.toByteArray();
    }

    private static void collect(Part p, byte[] m, List<Part> leaves) {
        switch (p.body()) {
            case PartBody.Multipart mp -> mp.parts().forEach(c -> collect(c, m, leaves));
            case PartBody.Message msg -> collect(msg.message(), m, leaves);
            case PartBody.Single _ -> {
                if (identity(p.encoding()) && hasNul(m, p.bodyOffset(), p.bodyLength())
                        && p.bodyOffset() > p.headerOffset()) leaves.add(p);
            }
        }
    }

    /**
     * The part's header without its Content-Transfer-Encoding field (and continuation lines), then
     * "Content-Transfer-Encoding: base64" and the blank line that ends the header.
     */
    private static void header(byte[] m, int start, int end, ByteArrayOutputStream out) {
        boolean skipping = false;
        int i = start;
        while (i < end) {
            int eol = i;
            while (eol < end && m[eol] != '\n') eol++;
            int next = Math.min(eol + 1, end);
            boolean blank = next - i <= 2 && (m[i] == '\n' || m[i] == '\r');
            if (blank) break; // the header's end; written after the new field
            boolean continuation = m[i] == ' ' || m[i] == '\t';
            if (!continuation) skipping = isCte(m, i, eol);
            if (!skipping) out.write(m, i, next - i);
            i = next;
        }
        out.writeBytes(CTE);
        out.writeBytes(new byte[] {'\r', '\n'});
    }

    private static boolean isCte(byte[] m, int from, int to) {
        String name = "content-transfer-encoding";
        int colon = from;
        while (colon < to && m[colon] != ':') colon++;
        if (colon >= to) return false;
        String field = new String(m, from, colon - from, StandardCharsets.ISO_8859_1).strip();
        return field.toLowerCase(Locale.ROOT).equals(name);
    }

    private static boolean hasNul(byte[] m, int off, int len) {
        for (int i = off; i < off + len; i++) if (m[i] == 0) return true;
        return false;
    }

    private static boolean identity(String encoding) {
        if (encoding == null) return true;
        return switch (encoding.strip().toLowerCase(Locale.ROOT)) {
            case "", "7bit", "8bit", "binary" -> true;
            default -> false;
        };
    }
}
