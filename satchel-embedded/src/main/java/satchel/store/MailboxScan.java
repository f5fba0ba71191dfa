package satchel.store;

import java.util.Set;

/**
 * Receives a mailbox's messages one at a time from {@link UserMail#scan}, without a record per message: what the
 * first SELECT of a big mailbox needs to fill compact columns. Called on the caller's thread, inside the store's
 * read (so it must not call the store back), in this order: {@link #wants} once, then {@link #message} for each
 * message in ascending UID order if it answered true.
 */
public interface MailboxScan {
    /** The mailbox as of the read; false when the caller already holds its messages at this modseq. */
    boolean wants(Head head);

    /**
     * One message. {@code flags}: canonical (no \Recent), and one set object for all messages with equal flags, so
     * a caller can map sets to numbers by identity.
     */
    void message(long uid, long modSeq, Set<String> flags, long size, long internalDateMillis);

    /** The mailbox's state at the read; {@code firstRecentUid} as in {@link MailboxSnapshot}. */
    record Head(MailboxInfo info, long uidNext, long highestModSeq, long firstRecentUid) {}
}
