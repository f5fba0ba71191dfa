package satchel.store;

/**
 * A store operation that could not be done. {@link Kind} tells the protocol layer which response code fits
 * (RFC 5530); the message is safe to show to the client.
 */
public class StoreException extends Exception {
    public enum Kind {
        NONEXISTENT, ALREADY_EXISTS, CANNOT, TRYCREATE, OVER_QUOTA, LIMIT, SERVER_BUG, UNAVAILABLE,
        /** A message the operation names was expunged meanwhile (RFC 5530 EXPUNGEISSUED). */
        EXPUNGED
    }

    private final Kind kind;

    public StoreException(Kind kind, String message) { super(message); this.kind = kind; }

    public StoreException(Kind kind, String message, Throwable cause) { super(message, cause); this.kind = kind; }

    public Kind kind() { return kind; }
}
