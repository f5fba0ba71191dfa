package satchel.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * One user's annotations (RFC 5464): on the server as the user sees it ({@code mailbox} empty) or on one of the
 * user's mailboxes. Names are entry names in lower case ({@code /private/comment}); values are bytes, stored as
 * given. A mailbox's entries are keyed by its {@link MailboxId}, so they follow it through RENAME and go with it
 * when it is deleted (or emptied into a \Noselect placeholder). Thread-safe, like {@link UserMail}.
 */
public interface UserMetadata {
    /** Every entry of the server or of the mailbox, sorted by name; a mailbox not the user's is NONEXISTENT. */
    SortedMap<String, byte[]> entries(Optional<MailboxId> mailbox) throws StoreException;

    /**
     * Sets ({@code null} value: removes) every entry in {@code changes} at once (RFC 5464 §4.3: all or none).
     * Refused as a whole, changing nothing, when the user's entries would exceed {@code limits} in count or in
     * bytes; removing entries is always allowed.
     */
    SetResult set(Optional<MailboxId> mailbox, Map<String, byte[]> changes, MetadataLimits limits)
            throws StoreException;

    /** Every entry the user has, server and mailboxes (bounded by {@link MetadataLimits}): NOTIFY compares them. */
    List<Entry> all() throws StoreException;

    enum SetResult { DONE, TOO_MANY, TOO_MUCH }

    record Entry(Optional<MailboxId> mailbox, String name, byte[] value) {}
}
