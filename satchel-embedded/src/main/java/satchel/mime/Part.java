package satchel.mime;

import java.util.List;
import java.util.Locale;

/**
 * One MIME entity: its content fields (strings as sent, unfolded; null when absent) and the byte ranges of its
 * header (including the blank line that ends it) and body in the stored message.
 */
public record Part(String type, String subtype, List<Param> params, String id, String description,
        String encoding, String md5, Disposition disposition, List<String> language, String location,
        int headerOffset, int headerLength, int bodyOffset, int bodyLength, PartBody body) {
    public Part {
        params = List.copyOf(params);
        language = List.copyOf(language);
    }

    public boolean isType(String t) { return type.equalsIgnoreCase(t); }

    public boolean isText() { return isType("text"); }

    /** The value of a content-type parameter, case-insensitive name, or null. */
    public String param(String name) {
        for (Param p : params) if (p.name().equalsIgnoreCase(name)) return p.value();
        return null;
    }

    /** The file name from Content-Disposition or Content-Type "name", RFC 2231 and RFC 2047 decoded; null if none. */
    public String filename() {
        String f = disposition == null ? null : MimeParams.decoded(disposition.params(), "filename");
        if (f == null) f = MimeParams.decoded(params, "name");
        return f;
    }

    public String mimeType() { return (type + "/" + subtype).toLowerCase(Locale.ROOT); }
}
