package satchel.store;

/**
 * UIDVALIDITY values: seconds since the epoch, bumped past the last value issued to the same user, so a re-created
 * name never sees an old value again (RFC 3501 §2.3.1.1) and a user's values say nothing of other users' CREATEs. Values stay in the unsigned 32-bit range until 2106.
 */
public final class UidValidity {
    private UidValidity() {}

    public static long next(long lastIssued) {
        long now = System.currentTimeMillis() / 1000;
        long v = Math.max(lastIssued + 1, now);
        if (v > 0xFFFF_FFFFL) throw new IllegalStateException("UIDVALIDITY space exhausted");
        return v;
    }
}
