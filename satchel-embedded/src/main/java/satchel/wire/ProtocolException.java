package satchel.wire;

/**
 * A command the server cannot accept as sent. {@code tag} is the tag when one was read (else null).
 * {@link Kind#BAD}: answer tagged BAD (or untagged BAD without a tag), the rest of the line has been skipped.
 * {@link Kind#TOO_BIG}: a synchronising literal over the limit was refused before any byte of it was read:
 * answer tagged NO [TOOBIG] (RFC 4469/7888); the connection is in step.
 * {@link Kind#REFUSED}: the session refused a synchronising literal before it was sent (APPEND to a missing
 * mailbox): answer tagged NO with {@link #code}; the connection is in step.
 * {@link Kind#FATAL}: the connection cannot be kept in step (e.g. over-size non-synchronising literal): BYE and close.
 */
public class ProtocolException extends Exception {
    public enum Kind { BAD, TOO_BIG, REFUSED, FATAL }

    private final Kind kind;
    private final String tag;
    private final String code;

    public ProtocolException(Kind kind, String tag, String message) {
        this(kind, tag, message, null);
    }

    /** {@code code}: the response code (without brackets) to answer with, or null. */
    public ProtocolException(Kind kind, String tag, String message, String code) {
        super(message);
        this.kind = kind;
        this.tag = tag;
        this.code = code;
    }

    public String code() { return code; }

    public Kind kind() { return kind; }

    public String tag() { return tag; }
}
