package satchel.store;

/**
 * One user's quota (RFC 9208 §3: one quota root for all of the user's mailboxes): the limits in force, the user's own
 * limits among them, and the usage, which stores keep as counters updated in each write's own transaction.
 * {@code storageBytes} is the sum of the RFC822.SIZE of every message in every mailbox of the user: a message copied
 * twice counts twice even though the store keeps its bytes once (RFC 9208 §5.1 leaves the count to the server; this
 * is the size the user sees, as Dovecot's count backend counts, and it is what keeps COPY from growing a mailbox for
 * free).
 */
public record Quota(QuotaLimits limits, QuotaOverride own, long storageBytes, long messages) {
    /** RFC 9208 §5.1: STORAGE is in units of 1024 octets; a partly used unit counts as used. */
    public static long kibibytes(long bytes) {
        return bytes <= 0 ? 0 : (bytes - 1) / 1024 + 1;
    }

    /**
     * Refuses a write that would add {@code addBytes} and {@code addMessages} (both positive: freeing space is never
     * refused) if the result would be over a limit. {@link StoreException.Kind#OVER_QUOTA} names the resource.
     */
    public static void check(QuotaLimits limits, long storageBytes, long messages, long addBytes, long addMessages)
            throws StoreException {
        if (addMessages > 0 && !limits.messages().allows(messages + addMessages)) {
            throw new StoreException(StoreException.Kind.OVER_QUOTA, "Quota exceeded: at most "
                    + ((Limit.AtMost) limits.messages()).value() + " messages (MESSAGE)");
        }
        if (addBytes > 0 && !limits.storage().allows(storageBytes + addBytes)) {
            throw new StoreException(StoreException.Kind.OVER_QUOTA, "Quota exceeded: at most "
                    + ((Limit.AtMost) limits.storage()).value() / 1024 + " KiB (STORAGE)");
        }
    }
}
