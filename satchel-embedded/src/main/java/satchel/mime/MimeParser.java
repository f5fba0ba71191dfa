package satchel.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import satchel.mime.Headers.Field;

/**
 * Our own single-pass MIME splitter over the stored bytes. Mime4j's MimeTokenStream does not report byte
 * offsets, and FETCH needs exact ones (BODY[1.2] is a slice of the stored message), so we walk boundaries
 * ourselves and use Mime4j only for codecs, charsets and RFC 2047. Never throws for any input: a missing final
 * boundary ends the part at the end of its parent, a multipart without boundary or nested beyond
 * {@link #MAX_DEPTH} is treated as text/plain, and parts beyond {@link #MAX_PARTS} are left in the epilogue.
 */
final class MimeParser {
    static final int MAX_DEPTH = 64;
    static final int MAX_PARTS = 10_000;
    /** Longest envelope/content field kept; longer values are cut (a 1 MB Subject helps nobody). */
    static final int MAX_FIELD = 64 * 1024;

    private final byte[] b;
    private int parts;

    MimeParser(byte[] b) { this.b = b; }

    /** The entity in {@code [start, end)}; {@code digest} makes message/rfc822 the default type (RFC 2046 §5.1.5). */
    Part parse(int start, int end, int depth, boolean digest) {
        parts++;
        int hEnd = Headers.headerEnd(b, start, end);
        List<Field> fields = Headers.parse(b, start, hEnd);
        String ctRaw = field(fields, "content-type");
        MimeParams.Parsed ct = ctRaw == null ? null : MimeParams.parse(ctRaw);
        String type = "text", subtype = "plain";
        List<Param> params = List.of(new Param("charset", "us-ascii"));
        int slash = ct == null ? -1 : ct.value().indexOf('/');
        String t = slash < 0 ? "" : ct.value().substring(0, slash).strip();
        String st = slash < 0 ? "" : ct.value().substring(slash + 1).strip();
        if (token(t) && token(st)) {
            type = t;
            subtype = st;
            params = ct.params();
        } else if (ct == null && digest) {
            type = "message";
            subtype = "rfc822";
            params = List.of();
        } // else RFC 2045 §5.2: a missing or invalid Content-Type means text/plain; charset=us-ascii
        if (type.equalsIgnoreCase("text") && find(params, "charset") == null) {
            // RFC 2045 §5.2 default, stated explicitly in BODYSTRUCTURE as Dovecot does
            params = new ArrayList<>(params);
            params.add(new Param("charset", "us-ascii"));
        }
        String encoding = field(fields, "content-transfer-encoding");
        int bodyLen = end - hEnd;
        PartBody body = null;
        if (type.equalsIgnoreCase("multipart")) {
            String boundary = find(params, "boundary");
            if (depth < MAX_DEPTH && boundary != null && !boundary.isEmpty()) {
                body = new PartBody.Multipart(children(hEnd, end, boundary, depth, subtype.equalsIgnoreCase("digest")));
            } else {
                type = "text";
                subtype = "plain";
                params = List.of(new Param("charset", "us-ascii"));
            }
        } else if (type.equalsIgnoreCase("message") && isMessage(subtype)) {
            if (depth < MAX_DEPTH && identity(encoding)) {
                Part inner = parse(hEnd, end, depth + 1, false);
                body = new PartBody.Message(envelope(hEnd, inner.headerLength()), inner, lines(hEnd, end));
            } else {
                // BODYSTRUCTURE's message/rfc822 form needs an envelope and a body we cannot give for an
                // encoded or too deeply nested message, so describe it as opaque data or text instead.
                boolean tooDeep = depth >= MAX_DEPTH;
                type = tooDeep ? "text" : "application";
                subtype = tooDeep ? "plain" : "octet-stream";
                if (tooDeep) params = List.of(new Param("charset", "us-ascii"));
            }
        }
        if (body == null) body = new PartBody.Single(lines(hEnd, end));
        String dspRaw = field(fields, "content-disposition");
        Disposition dsp = null;
        if (dspRaw != null) {
            MimeParams.Parsed d = MimeParams.parse(dspRaw);
            if (!d.value().isEmpty()) dsp = new Disposition(d.value(), d.params());
        }
        return new Part(type, subtype, params, field(fields, "content-id"), field(fields, "content-description"),
                encoding == null || encoding.isEmpty() ? "7BIT" : encoding, field(fields, "content-md5"), dsp,
                languages(field(fields, "content-language")), field(fields, "content-location"),
                start, hEnd - start, hEnd, bodyLen, body);
    }

    Envelope envelope(int start, int headerLength) {
        return EnvelopeBuilder.build(b, Headers.parse(b, start, start + headerLength));
    }

    /** Splits {@code [start, end)} at "--boundary" lines (RFC 2046 §5.1.1); the CRLF before a delimiter is not content. */
    private List<Part> children(int start, int end, String boundary, int depth, boolean digest) {
        byte[] delim = ("--" + boundary).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        List<Part> out = new ArrayList<>();
        int partStart = -1;
        int i = start;
        while (i < end) {
            int next = Headers.lineEnd(b, i, end);
            int kind = delimiter(i, next, delim);
            if (kind != 0) {
                if (partStart >= 0) addChild(out, partStart, Math.max(partStart, lineStartBefore(i)), depth, digest);
                if (kind == 2 || parts >= MAX_PARTS) return ensureOne(out, end);
                partStart = next;
            }
            i = next;
        }
        if (partStart >= 0) addChild(out, partStart, end, depth, digest);
        return ensureOne(out, end);
    }

    private void addChild(List<Part> out, int s, int e, int depth, boolean digest) {
        out.add(parse(s, e, depth + 1, digest));
    }

    /** A multipart must have a body (RFC 3501 body-type-mpart); like Dovecot, give an empty text/plain. */
    private List<Part> ensureOne(List<Part> out, int end) {
        if (!out.isEmpty()) return out;
        return List.of(new Part("text", "plain", List.of(new Param("charset", "us-ascii")), null, null, "7BIT",
                null, null, List.of(), null, end, 0, end, 0, new PartBody.Single(0)));
    }

    /** 0 if the line is no delimiter, 1 for a delimiter, 2 for the close delimiter. */
    private int delimiter(int i, int lineEnd, byte[] delim) {
        if (lineEnd - i < delim.length) return 0;
        for (int k = 0; k < delim.length; k++) if (b[i + k] != delim[k]) return 0;
        int j = i + delim.length;
        boolean close = j + 1 < lineEnd && b[j] == '-' && b[j + 1] == '-';
        if (close) j += 2;
        for (; j < lineEnd; j++) if (b[j] != ' ' && b[j] != '\t' && b[j] != '\r' && b[j] != '\n') return close ? 2 : 0;
        return close ? 2 : 1;
    }

    /** Where content ends before a delimiter line at {@code i}: the preceding CRLF or LF belongs to the delimiter. */
    private int lineStartBefore(int i) {
        if (i > 0 && b[i - 1] == '\n') i--;
        if (i > 0 && b[i - 1] == '\r') i--;
        return i;
    }

    private long lines(int from, int to) {
        return Bytes.count(b, from, to, (byte) '\n');
    }

    private String field(List<Field> fields, String name) {
        Field f = Headers.first(fields, name);
        if (f == null) return null;
        String v = Headers.value(b, f);
        return Headers.cut(v, MAX_FIELD);
    }

    private static String find(List<Param> params, String name) {
        for (Param p : params) if (p.name().equals(name)) return p.value();
        return null;
    }

    private static boolean isMessage(String subtype) {
        return subtype.equalsIgnoreCase("rfc822") || subtype.equalsIgnoreCase("global");
    }

    /** Only identity-encoded messages can be parsed in place (RFC 2046 §5.2.1 forbids others anyway). */
    private static boolean identity(String encoding) {
        if (encoding == null) return true;
        return switch (encoding.strip().toLowerCase(Locale.ROOT)) {
            case "", "7bit", "8bit", "binary" -> true;
            default -> false;
        };
    }

    private static boolean token(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) return false;
        }
        return true;
    }

    private static List<String> languages(String v) {
        if (v == null) return List.of();
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) if (!s.isBlank() && out.size() < 32) out.add(s.strip());
        return out;
    }
}
