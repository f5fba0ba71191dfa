package satchel.store;

/**
 * How big one user's mailbox tree may grow: bytes per hierarchy level (UTF-8), levels per name, and mailboxes per
 * user (\Noselect placeholders count: they are rows too; subscriptions are bounded by the same number). Without
 * these, one CREATE of a 60 KB name with 30,000 levels stored every superior name in full (quadratic in the
 * command's length) and made each later LIST slow. Defaults follow Dovecot (255 bytes per level, 16 levels); a
 * refusal is NO [LIMIT] (RFC 5530 §3).
 *
 * @param levelBytes longest hierarchy level, in UTF-8 bytes
 * @param depth most levels in one name ("a/b/c" has 3)
 * @param perUser most mailboxes one user may have
 * @param quota every user's default quota (RFC 9208), which a user's own limits in the store replace
 */
public record MailboxLimits(int levelBytes, int depth, int perUser, QuotaLimits quota) {
    public static final MailboxLimits DEFAULT = new MailboxLimits(255, 16, 10_000);

    /** Without a default quota. */
    public MailboxLimits(int levelBytes, int depth, int perUser) {
        this(levelBytes, depth, perUser, QuotaLimits.UNLIMITED);
    }

    public MailboxLimits {
        if (quota == null) throw new IllegalArgumentException("missing quota");
        if (levelBytes < 1) throw new IllegalArgumentException("limits.mailbox-name-level-bytes must be at least 1");
        if (depth < 1) throw new IllegalArgumentException("limits.mailbox-depth must be at least 1");
        // The six mailboxes every new account gets must fit.
        if (perUser < MailboxNames.DEFAULTS.size()) {
            throw new IllegalArgumentException("limits.mailboxes-per-user must be at least " + MailboxNames.DEFAULTS.size());
        }
    }

    public MailboxLimits withLevelBytes(int v) { return new MailboxLimits(v, depth, perUser, quota); }

    public MailboxLimits withDepth(int v) { return new MailboxLimits(levelBytes, v, perUser, quota); }

    public MailboxLimits withPerUser(int v) { return new MailboxLimits(levelBytes, depth, v, quota); }

    public MailboxLimits withQuota(QuotaLimits q) { return new MailboxLimits(levelBytes, depth, perUser, q); }

    /**
     * Refuses a {@link MailboxNames#normalize normalized} name that is too deep or has a level too long. Stops at
     * the first level past the limit, so a huge name costs no more than reading it once.
     */
    public void checkName(String normalized) throws StoreException {
        int levels = 0;
        int start = 0;
        while (start <= normalized.length()) {
            int end = normalized.indexOf(MailboxNames.DELIMITER, start);
            if (end < 0) end = normalized.length();
            if (++levels > depth) {
                throw new StoreException(StoreException.Kind.LIMIT,
                        "Mailbox name has more than " + depth + " hierarchy levels");
            }
            if (utf8Length(normalized, start, end) > levelBytes) {
                throw new StoreException(StoreException.Kind.LIMIT,
                        "Mailbox name level longer than " + levelBytes + " bytes");
            }
            start = end + 1;
        }
    }

    /** Refuses adding {@code adding} mailboxes to a user who has {@code existing}. */
    public void checkCount(long existing, long adding) throws StoreException {
        if (adding > 0 && existing + adding > perUser) {
            throw new StoreException(StoreException.Kind.LIMIT, "Too many mailboxes (at most " + perUser + ")");
        }
    }

    private static int utf8Length(String s, int from, int to) {
        // Counting without encoding: the level may be long, and only the count is needed.
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }
}
