package satchel.wire;

/**
 * Per-connection byte budgets, chosen by state: strict before login (as Dovecot's imap-login and James are).
 * {@code lineBytes}: longest command line (CRLF and literal headers included, literal payloads excluded);
 * {@code literalBytes}: literal bytes in one command other than APPEND, summed over its literals;
 * {@code appendBytes}: APPEND message bytes in one command, summed over a MULTIAPPEND's messages (so memory
 * stays bounded); {@code listDepth}: nesting of parentheses and of SEARCH's NOT/OR;
 * {@code maxBadCommands}: BAD answers in a row before BYE; {@code nonSyncLiteralBytes}: the largest
 * non-synchronising literal accepted (4096 for LITERAL-, RFC 7888 §4; unbounded but for the other budgets
 * under LITERAL+).
 */
public record Limits(int lineBytes, long literalBytes, long appendBytes, int listDepth, int maxBadCommands,
                     long nonSyncLiteralBytes) {
    /** RFC 7888 §4: the LITERAL- cap on non-synchronising literals. */
    public static final long LITERAL_MINUS = 4096;

    /** LITERAL+ budgets: non-synchronising literals only bounded by the byte budgets. */
    public Limits(int lineBytes, long literalBytes, long appendBytes, int listDepth, int maxBadCommands) {
        this(lineBytes, literalBytes, appendBytes, listDepth, maxBadCommands, Long.MAX_VALUE);
    }

    /**
     * APPEND is refused before login anyway; a small literal is read so the answer can be a plain BAD. LITERAL-
     * before login: a client that has not authenticated cannot make the server swallow 8 KiB unasked.
     */
    public static final Limits BEFORE_LOGIN = new Limits(8 * 1024, 8 * 1024, 8 * 1024, 4, 3, LITERAL_MINUS);
    public static final Limits AFTER_LOGIN = new Limits(64 * 1024, 64 * 1024, 64L * 1024 * 1024, 32, 20);
}
