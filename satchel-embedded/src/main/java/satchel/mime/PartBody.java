package satchel.mime;

import java.util.List;

/** What a part's body holds: leaf content, child parts, or an encapsulated message (RFC 2046 §5). */
public sealed interface PartBody {
    /** Leaf content; {@code lines} counts LF octets (reported for text/* only). */
    record Single(long lines) implements PartBody {}

    record Multipart(List<Part> parts) implements PartBody {
        public Multipart { parts = List.copyOf(parts); }
    }

    /** message/rfc822 (or message/global): the nested message's envelope and root part, whose range is this body. */
    record Message(Envelope envelope, Part message, long lines) implements PartBody {}
}
