package satchel.mime;

/**
 * Everything FETCH and SEARCH need from a message's MIME structure, computed once when the message is stored
 * (envelope, body structure, part offsets and sizes, line counts, common header fields, decoded text for search).
 * Immutable and thread-safe.
 */
public final class MessageStructure {
    // Placeholder until the MIME model lands (issue 4): the contract below is what the store relies on.
    private MessageStructure() {}

    /** Parses any bytes at all; malformed mail yields the best structure a robust parser can derive, never an exception. */
    public static MessageStructure parse(byte[] message) {
        return new MessageStructure();
    }

    /** Compact serialised form, for the store. */
    public byte[] toBytes() {
        return new byte[0];
    }

    public static MessageStructure fromBytes(byte[] bytes) {
        return new MessageStructure();
    }
}
