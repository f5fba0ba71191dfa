package satchel.mime;

/**
 * Everything FETCH and SEARCH need from a message's MIME structure, computed once when the message is stored
 * (envelope, body structure, part offsets and sizes, line counts, common header fields, decoded text for search).
 * Immutable and thread-safe.
 */
public final class MessageStructure {
    private MessageStructure() {}

    /** Parses any bytes at all; malformed mail yields the best structure a robust parser can derive, never an exception. */
    public static MessageStructure parse(byte[] message) {
        throw new UnsupportedOperationException("issue 4");
    }

    /** Compact serialised form, for the store. */
    public byte[] toBytes() {
        throw new UnsupportedOperationException("issue 4");
    }

    public static MessageStructure fromBytes(byte[] bytes) {
        throw new UnsupportedOperationException("issue 4");
    }
}
