package satchel.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

/** Content-Transfer-Encoding (RFC 2045 §6) decoding with Mime4j's lenient codecs. */
public final class TransferEncoding {
    private TransferEncoding() {}

    /** True for encodings this server can undo (identity, base64, quoted-printable); RFC 3516 UNKNOWN-CTE otherwise. */
    public static boolean known(String encoding) {
        return switch (norm(encoding)) {
            case "", "7bit", "8bit", "binary", "base64", "quoted-printable" -> true;
            default -> false;
        };
    }

    /** True when {@link #decode} would return the bytes unchanged: identity and unknown encodings. */
    public static boolean identity(String encoding) {
        return identityNormalized(norm(encoding));
    }

    private static boolean identityNormalized(String e) {
        return !e.equals("base64") && !e.equals("quoted-printable");
    }

    /** Decoded bytes of {@code [off, off+len)}; identity for unknown encodings. Garbage input is skipped, not fatal. */
    public static byte[] decode(byte[] b, int off, int len, String encoding) {
        String e = norm(encoding);
        if (identityNormalized(e)) return Arrays.copyOfRange(b, off, off + len);
        InputStream raw = new ByteArrayInputStream(b, off, len);
        try (InputStream in = e.equals("base64") ? new Base64InputStream(raw, DecodeMonitor.SILENT)
                : new QuotedPrintableInputStream(raw, DecodeMonitor.SILENT)) {
            return in.readAllBytes();
        } catch (IOException | RuntimeException ex) {
            return new byte[0]; // Mime4j's codecs only fail on I/O; a byte array has none
        }
    }

    private static String norm(String encoding) {
        return encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
    }
}
