package satchel.transfer;

/** What makes a message unfit to import. */
final class Messages {
    private Messages() {}

    /** Why these bytes cannot be a message, or null when they can. */
    static String problem(byte[] raw) {
        if (raw.length == 0) return "empty file";
        // IMAP cannot send NUL in a message (RFC 3501 §4.3); Satchel only stores it from a BINARY APPEND.
        for (byte b : raw) if (b == 0) return "contains NUL bytes";
        return null;
    }
}
