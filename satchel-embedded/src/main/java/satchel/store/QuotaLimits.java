package satchel.store;

/**
 * The limits of one user's quota root (RFC 9208): STORAGE in bytes (shown to IMAP clients in KiB) and MESSAGE, the
 * number of messages in all the user's mailboxes. As configured ({@code quota.storage}, {@code quota.messages}) they
 * are every user's defaults; {@link #with} applies a user's own limits on top.
 */
public record QuotaLimits(Limit storage, Limit messages) {
    public static final QuotaLimits UNLIMITED = new QuotaLimits(Limit.UNLIMITED, Limit.UNLIMITED);

    public QuotaLimits {
        if (storage == null || messages == null) throw new IllegalArgumentException("missing quota limit");
    }

    /** These defaults with the user's own limits replacing them resource by resource. */
    public QuotaLimits with(QuotaOverride own) {
        return new QuotaLimits(own.storage().orElse(storage), own.messages().orElse(messages));
    }

    public QuotaLimits withStorage(Limit l) { return new QuotaLimits(l, messages); }

    public QuotaLimits withMessages(Limit l) { return new QuotaLimits(storage, l); }
}
