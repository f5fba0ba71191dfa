package satchel.session;

import java.io.IOException;
import java.util.Set;
import satchel.protocol.Command.StatusItem;
import satchel.store.MailboxStatus;
import satchel.wire.Response;

/** The STATUS response (RFC 3501 §7.2.4), shared by STATUS and LIST-STATUS (RFC 5819). */
final class StatusCommand {
    private StatusCommand() {}

    /** {@code appendLimit}: the session's APPEND budget, the same value CAPABILITY advertises (RFC 7889 §4). */
    static void send(Replies out, String mailbox, MailboxStatus st, Set<StatusItem> items, long appendLimit)
            throws IOException {
        Response r = Response.untagged().atom("STATUS").mailbox(mailbox).open();
        for (StatusItem item : StatusItem.values()) {
            if (!items.contains(item)) continue;
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
            };
            r.atom(item.name()).number(v);
        }
        out.queue(r.close());
    }
}
