package satchel.wire;

/**
 * A command the server cannot accept as sent. {@code tag} is the tag when one was read (else null).
 * {@link Kind#BAD}: answer tagged BAD (or untagged BAD without a tag), the rest of the line has been skipped.
 * {@link Kind#TOO_BIG}: a synchronising literal over the limit was refused before any byte of it was read:
 * answer tagged NO [TOOBIG] (RFC 4469/7888); the connection is in step.
 * {@link Kind#FATAL}: the connection cannot be kept in step (e.g. over-size non-synchronising literal): BYE and close.
 */
public class ProtocolException extends Exception {
    public enum Kind { BAD, TOO_BIG, FATAL }

    private final Kind kind;
    private final String tag;

    public ProtocolException(Kind kind, String tag, String message) {
        super(message);
        this.kind = kind;
        this.tag = tag;
    }

    public Kind kind() { return kind; }

    public String tag() { return tag; }
}
