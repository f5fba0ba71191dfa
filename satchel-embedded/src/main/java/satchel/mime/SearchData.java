package satchel.mime;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import satchel.mime.Headers.Field;

/**
 * The decoded text SEARCH looks at: top-level header fields (RFC 2047 decoded; address fields in the display
 * form "Name &lt;addr&gt;" as Dovecot matches them) and the decoded text of text/* parts, both capped.
 */
record SearchData(List<Param> headers, boolean headersTruncated, String text, LocalDate sentDate) {
    static final int MAX_HEADERS = 64 * 1024;
    static final int MAX_TEXT = 256 * 1024;
    /** Input bytes decoded per part at most: enough for MAX_TEXT characters even as QP-encoded UTF-8. */
    private static final int MAX_PART_INPUT = MAX_TEXT * 12;
    private static final Set<String> ADDRESS_FIELDS =
            Set.of("from", "to", "cc", "bcc", "sender", "reply-to", "resent-from", "resent-to", "resent-cc");

    SearchData {
        headers = List.copyOf(headers);
    }

    static SearchData extract(byte[] b, Part root) {
        List<Param> headers = new ArrayList<>();
        int total = 0;
        boolean truncated = false;
        List<Field> fields = Headers.parse(b, root.headerOffset(), root.headerOffset() + root.headerLength());
        for (Field f : fields) {
            String v = decodedValue(b, f);
            if (total + v.length() > MAX_HEADERS) {
                truncated = true; // skip this one, keep smaller fields after it
                continue;
            }
            total += v.length() + f.name().length();
            headers.add(new Param(f.name(), v));
        }
        Text text = new Text();
        appendText(b, root, text);
        LocalDate sent = SentDate.parse(EnvelopeBuilder.raw(b, fields, "date"));
        return new SearchData(headers, truncated, Headers.cut(String.join("", text.pieces), MAX_TEXT), sent);
    }

    /** A field's value as SEARCH compares it. */
    public static String decodedValue(byte[] b, Field f) {
        String raw = Headers.value(b, f);
        raw = Headers.cut(raw, MimeParser.MAX_FIELD);
        return ADDRESS_FIELDS.contains(Headers.lower(f.name())) ? display(AddressParser.parse(raw))
                : Charsets.decodeWords(raw);
    }

    static String display(List<Address> list) {
        StringBuilder s = new StringBuilder();
        for (Address a : list) {
            if (a.host() == null) {
                if (a.mailbox() != null) s.append(Charsets.decodeWords(a.mailbox())).append(": ");
                else s.append(";");
                continue;
            }
            if (!s.isEmpty() && !s.toString().endsWith(": ")) s.append(", ");
            String addr = a.mailbox() + "@" + a.host();
            if (a.name() != null && !a.name().isEmpty()) s.append(Charsets.decodeWords(a.name())).append(" <").append(addr).append('>');
            else s.append(addr);
        }
        return s.toString();
    }

    /**
     * The first {@code len} body bytes of leaf {@code p} as text; an identity-encoded body is decoded where it lies
     * in the message, not from a copy of it (issue 11).
     */
    static String decodedText(byte[] b, Part p, int len) {
        if (TransferEncoding.identity(p.encoding())) return Charsets.decode(b, p.bodyOffset(), len, p.param("charset"));
        byte[] raw = TransferEncoding.decode(b, p.bodyOffset(), len, p.encoding());
        return Charsets.decode(raw, 0, raw.length, p.param("charset"));
    }

    /**
     * The text's pieces in order, joined once at the end into a string of exactly their length (issue 11: a builder
     * grown to the text's size and then copied into the string cost two copies of it).
     */
    private static final class Text {
        final List<String> pieces = new ArrayList<>();
        long length;

        void add(String s) {
            pieces.add(s);
            length += s.length();
        }
    }

    private static void appendText(byte[] b, Part p, Text out) {
        if (out.length >= MAX_TEXT) return;
        switch (p.body()) {
            case PartBody.Multipart mp -> { for (Part c : mp.parts()) appendText(b, c, out); }
            case PartBody.Message m -> {
                Part inner = m.message();
                for (Field f : Headers.parse(b, inner.headerOffset(), inner.headerOffset() + inner.headerLength())) {
                    if (out.length >= MAX_TEXT) return;
                    out.add(f.name());
                    out.add(": ");
                    out.add(decodedValue(b, f));
                    out.add("\n");
                }
                appendText(b, inner, out);
            }
            case PartBody.Single _ -> {
                if (!p.isText()) return;
                int len = Math.min(p.bodyLength(), MAX_PART_INPUT);
                out.add(decodedText(b, p, len));
                out.add("\n");
            }
        }
    }
}
