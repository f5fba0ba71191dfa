package satchel.store;

/**
 * A reader's claim on one mailbox's expunged messages (see {@link MailStore#hold}): while it is open, a message
 * expunged at a modseq above {@link #modSeq} keeps its bytes and structure readable through
 * {@link UserMail#content} and {@link UserMail#structures}, so a reader that still lists the message can serve
 * it. Thread-safe; closing twice is harmless.
 */
public interface Hold extends AutoCloseable {
    /** Messages expunged at or below this modseq are no longer needed by this reader. */
    long modSeq();

    /** The reader no longer needs messages expunged at or below {@code modSeq}; a hold never moves back. */
    void advance(long modSeq);

    /** Releases the hold: the store may drop what only this hold kept. */
    @Override void close();
}
