package satchel.store;

import java.util.List;

/**
 * A consistent view of a mailbox at {@code highestModSeq}: messages in ascending UID order.
 * {@code firstRecentUid}: messages with uid >= it are still \Recent for nobody-yet (see
 * {@link UserMail#claimRecent}).
 */
public record MailboxSnapshot(MailboxInfo info, long uidNext, long highestModSeq, long firstRecentUid,
                              List<MessageMeta> messages) {
    public MailboxSnapshot { messages = List.copyOf(messages); }
}
