package satchel.wire;

/**
 * Per-connection byte budgets, chosen by state: strict before login (as Dovecot's imap-login and James are).
 * {@code lineBytes}: longest command line (CRLF and literal headers included, literal payloads excluded);
 * {@code literalBytes}: literal bytes in one command other than APPEND, summed over its literals;
 * {@code appendBytes}: APPEND message bytes in one command, summed over a MULTIAPPEND's messages (so memory
 * stays bounded); {@code listDepth}: nesting of parentheses and of SEARCH's NOT/OR;
 * {@code maxBadCommands}: BAD answers in a row before BYE.
 */
public record Limits(int lineBytes, long literalBytes, long appendBytes, int listDepth, int maxBadCommands) {
    /** APPEND is refused before login anyway; a small literal is read so the answer can be a plain BAD. */
    public static final Limits BEFORE_LOGIN = new Limits(8 * 1024, 8 * 1024, 8 * 1024, 4, 3);
    public static final Limits AFTER_LOGIN = new Limits(64 * 1024, 64 * 1024, 64L * 1024 * 1024, 32, 20);
}
