package satchel.store;

/** What happened to a mailbox after some modseq; delivered in modseq order by {@link UserMail#changesSince}. */
public sealed interface Change {
    long modSeq();

    record Added(MessageMeta message) implements Change {
        @Override public long modSeq() { return message.modSeq(); }
    }
    record FlagsChanged(MessageMeta message) implements Change {
        @Override public long modSeq() { return message.modSeq(); }
    }
    record Expunged(long uid, long modSeq) implements Change {}
}
