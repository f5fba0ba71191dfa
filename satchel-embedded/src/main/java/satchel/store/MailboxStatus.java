package satchel.store;

/**
 * Counters for STATUS (RFC 3501 §6.3.10, RFC 8438 SIZE, RFC 7162 HIGHESTMODSEQ); {@code recent} = uids >= firstRecentUid;
 * {@code deletedBytes}: the sizes of the \Deleted messages (RFC 9208 §4.2 DELETED-STORAGE).
 */
public record MailboxStatus(long messages, long recent, long uidNext, long uidValidity, long unseen,
                            long highestModSeq, long size, long deleted, long deletedBytes) {
    /** A mailbox found by name, with its counters ({@link UserMail#statusOf}). */
    public record Of(MailboxInfo mailbox, MailboxStatus status) {}
}
