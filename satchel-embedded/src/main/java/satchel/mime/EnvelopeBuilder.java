package satchel.mime;

import java.util.List;
import satchel.mime.Headers.Field;

/** Builds the RFC 3501 §7.4.2 envelope from a header block. */
final class EnvelopeBuilder {
    private EnvelopeBuilder() {}

    static Envelope build(byte[] b, List<Field> fields) {
        List<Address> from = addresses(b, fields, "from");
        List<Address> sender = addresses(b, fields, "sender");
        List<Address> replyTo = addresses(b, fields, "reply-to");
        // "If the Sender or Reply-To lines are absent ... or are present but empty, the server sets the
        // corresponding member of the envelope to be the same value as the from member."
        return new Envelope(raw(b, fields, "date"), raw(b, fields, "subject"), from,
                sender.isEmpty() ? from : sender, replyTo.isEmpty() ? from : replyTo,
                addresses(b, fields, "to"), addresses(b, fields, "cc"), addresses(b, fields, "bcc"),
                raw(b, fields, "in-reply-to"), raw(b, fields, "message-id"));
    }

    static String raw(byte[] b, List<Field> fields, String name) {
        Field f = Headers.first(fields, name);
        if (f == null) return null;
        String v = Headers.value(b, f);
        return Headers.cut(v, MimeParser.MAX_FIELD);
    }

    private static List<Address> addresses(byte[] b, List<Field> fields, String name) {
        return AddressParser.parse(raw(b, fields, name));
    }
}
