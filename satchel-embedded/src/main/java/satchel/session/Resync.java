package satchel.session;

import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import satchel.protocol.Command.QresyncParams;
import satchel.protocol.SequenceSet;
import satchel.store.Change;
import satchel.store.StoreException;
import satchel.store.UserMail;
import satchel.wire.Response;

/** RFC 7162 §3.2.5-3.2.6: what a reconnecting client missed, as VANISHED (EARLIER) and FETCH. */
final class Resync {
    private Resync() {}

    /**
     * {@code * VANISHED (EARLIER) uids} for messages in {@code within} expunged after {@code since}; nothing at
     * all when there are none (an empty VANISHED () confuses clients).
     */
    static void vanished(Replies out, UserMail mail, MailboxView view, SequenceSet within, long since)
            throws IOException, StoreException {
        long maxUid = view.uidNext() - 1;
        TreeSet<Long> gone = new TreeSet<>();
        for (Change c : mail.changesSince(view.info().id(), since)) {
            if (c instanceof Change.Expunged e && (within == null || within.contains(e.uid(), maxUid))) gone.add(e.uid());
        }
        // An expunge this session has not announced yet is still a message to it.
        gone.removeIf(uid -> view.seqOf(uid) > 0);
        if (!gone.isEmpty()) {
            out.queue(Response.untagged().atom("VANISHED").raw(" (EARLIER) " + UidSets.format(List.copyOf(gone))));
        }
    }

    /** SELECT/EXAMINE (QRESYNC ...) after the standard responses (RFC 7162 §3.2.5.1). */
    static void afterSelect(Replies out, UserMail mail, MailboxView view, QresyncParams q, satchel.wire.Settings settings)
            throws IOException, StoreException {
        if (q.uidValidity() != view.info().uidValidity()) return;
        vanished(out, mail, view, q.knownUids().orElse(null), q.modSeq());
        long maxUid = view.uidNext() - 1;
        for (MailboxView.Entry e : view.entries()) {
            if (e.meta().modSeq() <= q.modSeq()) continue;
            if (q.knownUids().isPresent() && !q.knownUids().get().contains(e.meta().uid(), maxUid)) continue;
            out.queue(MailboxView.flagsResponse(e.seq(), e.meta(), e.recent(), settings));
        }
    }
}
