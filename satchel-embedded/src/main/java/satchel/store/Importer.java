package satchel.store;

import java.util.List;

/**
 * Brings mail in from another server with the ids it had there, so clients that already synced keep their caches
 * (RFC 3501 §2.3.1.1: a UID is only meaningful with its mailbox's UIDVALIDITY). Obtained from {@link
 * MailStore#importer}; one user's mailboxes only. Everything else about the mailboxes (modseqs, doorbells, limits)
 * behaves as for {@link UserMail}.
 */
public interface Importer {
    /** A message with the UID it had in the source mailbox. */
    record Imported(NewMessage message, long uid) {}

    /**
     * The mailbox named {@code name}, ready to take messages with the source's UIDs under {@code uidValidity}
     * (0: none to keep). Created with it (and its missing parents) when absent or a \Noselect placeholder; an
     * existing mailbox that never held a message (uidnext 1) takes it over; one with that value already keeps it.
     * UIDVALIDITY stays unique per user: if another mailbox of the user has the value and never held a message (a new
     * account's Sent, say), that one gets a fresh value instead; if it holds or held mail, the value is refused and
     * the mailbox keeps or gets a fresh one. It is refused too when the mailbox itself already held messages. The
     * caller compares {@link
     * MailboxInfo#uidValidity()} to see whether UIDs can be kept. A kept value also raises the user's counter, so
     * later CREATEs get values above it.
     */
    MailboxInfo mailbox(String name, long uidValidity) throws StoreException;

    /**
     * Appends atomically with the given UIDs, which must ascend and be at least the mailbox's UIDNEXT (CANNOT
     * otherwise, and nothing is stored); UIDNEXT becomes the last UID plus one. One new modseq, as for an append.
     */
    List<AppendResult> append(MailboxId mailbox, List<Imported> messages) throws StoreException;

    /**
     * Ends the import of UIDs below {@code uidNext}: those the mailbox does not have were expunged at the source, so
     * they get tombstones at a new modseq (a QRESYNC client that synced there hears VANISHED for them, RFC 7162
     * §3.2.5.1), and UIDNEXT is raised to {@code uidNext} if it is below.
     */
    void finish(MailboxId mailbox, long uidNext) throws StoreException;

    /**
     * After {@link #finish}, gives the mailbox the modseqs it had in another Satchel store ({@code satchel store
     * copy}): each message's (by UID), each tombstone's, and a HIGHESTMODSEQ of at least {@code highestModSeq}, so a
     * CONDSTORE/QRESYNC client that synced against the source resumes where it was (RFC 7162 §3.1.4). Meant for a
     * mailbox no client uses meanwhile. Stores that cannot refuse.
     */
    default void keepModSeqs(MailboxId mailbox, java.util.Map<Long, Long> messages, java.util.Map<Long, Long> expunged,
                             long highestModSeq) throws StoreException {
        throw new StoreException(StoreException.Kind.CANNOT, "This store cannot keep modseqs");
    }
}
