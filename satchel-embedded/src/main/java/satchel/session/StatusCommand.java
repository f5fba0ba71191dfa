package satchel.session;

import java.io.IOException;
import java.util.Set;
import satchel.protocol.Command.StatusItem;
import satchel.store.MailboxStatus;
import satchel.wire.Response;

/** The STATUS response (RFC 3501 §7.2.4), shared by STATUS and LIST-STATUS (RFC 5819). */
final class StatusCommand {
    private StatusCommand() {}

    /** For item sets that never hold MAILBOXID (NOTIFY's STATUS updates, RFC 5465 §5.1). */
    static void send(Replies out, String mailbox, MailboxStatus st, Set<StatusItem> items, long appendLimit)
            throws IOException {
        if (items.contains(StatusItem.MAILBOXID)) throw new IllegalArgumentException("MAILBOXID needs the id");
        send(out, mailbox, st, items, appendLimit, null);
    }

    /**
     * {@code appendLimit}: the session's APPEND budget, the same value CAPABILITY advertises (RFC 7889 §4);
     * {@code mailboxId}: its RFC 8474 MAILBOXID.
     */
    static void send(Replies out, String mailbox, MailboxStatus st, Set<StatusItem> items, long appendLimit,
                     String mailboxId) throws IOException {
        Response r = Response.untagged().atom("STATUS").mailbox(mailbox).open();
        for (StatusItem item : StatusItem.values()) {
            if (!items.contains(item)) continue;
            if (item == StatusItem.MAILBOXID) {
                r.atom("MAILBOXID").open().atom(mailboxId).close(); // RFC 8474 §4.3
                continue;
            }
            long v = switch (item) {
                case MESSAGES -> st.messages();
                case RECENT -> st.recent();
                case UIDNEXT -> st.uidNext();
                case UIDVALIDITY -> st.uidValidity();
                case UNSEEN -> st.unseen();
                case HIGHESTMODSEQ -> st.highestModSeq();
                case SIZE -> st.size();
                case DELETED -> st.deleted();
                case APPENDLIMIT -> appendLimit;
                // RFC 9208 §4.2: what EXPUNGE would free, in the STORAGE resource's units (KiB)
                case DELETED_STORAGE -> satchel.store.Quota.kibibytes(st.deletedBytes());
                case MAILBOXID -> throw new IllegalStateException("MAILBOXID is not a number");
            };
            r.atom(item.atom()).number(v);
        }
        out.queue(r.close());
    }
}
