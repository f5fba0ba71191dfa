package satchel.wire;

/**
 * Per-connection byte budgets, chosen by state: strict before login (as Dovecot's imap-login and James are).
 * {@code lineBytes}: longest command line (literals excluded); {@code literalBytes}: longest literal in a
 * command other than APPEND; {@code appendBytes}: longest APPEND message; {@code listDepth}: nesting of
 * parentheses and of SEARCH's NOT/OR; {@code maxBadCommands}: BAD answers in a row before BYE.
 */
public record Limits(int lineBytes, long literalBytes, long appendBytes, int listDepth, int maxBadCommands) {
    public static final Limits BEFORE_LOGIN = new Limits(8 * 1024, 8 * 1024, 0, 4, 3);
    public static final Limits AFTER_LOGIN = new Limits(64 * 1024, 64 * 1024, 64L * 1024 * 1024, 32, 20);
}
