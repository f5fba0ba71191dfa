package satchel.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import satchel.mime.MessageStructure;
import satchel.mime.SortFields;

/**
 * How a new message finds its RFC 8474 §5.2 thread, once for every backend. A store keeps, per user, which thread
 * each Message-ID seen so far belongs to (a message's own id and the ids it references). A new message joins the
 * oldest thread any of its {@link #keys} is known in, else starts its own; then all its keys point at that thread.
 * So a reply and its original share a thread whichever arrives first, across mailboxes (Sent and INBOX), as the
 * RFC 5256 REFERENCES algorithm links them. A THREADID never changes once given (clients cache it), so two threads
 * that a later message links are not merged: the later message joins the older one.
 */
public final class ThreadRule {
    /** Bounds the work a hostile References field causes: the root and the nearest ancestors decide. */
    static final int MAX_REFERENCES = 30;
    /** Longer "ids" are junk; they must not bloat the store's index. */
    static final int MAX_KEY = 250;

    private ThreadRule() {}

    /** The message's own Message-ID first, then the ids it references (root, then nearest first); no duplicates. */
    public static List<String> keys(MessageStructure s) {
        SortFields f = s.sortFields();
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        if (f.messageId() != null) keys.add(f.messageId());
        List<String> refs = f.references();
        if (!refs.isEmpty()) keys.add(refs.getFirst());
        for (int i = refs.size() - 1; i >= 1 && keys.size() < MAX_REFERENCES + 2; i--) keys.add(refs.get(i));
        List<String> out = new ArrayList<>(keys.size());
        for (String k : keys) if (k.length() <= MAX_KEY) out.add(k);
        return out;
    }

    /** The thread for a message whose keys are known in {@code found} (thread numbers); {@code fresh} if none. */
    public static long choose(Collection<Long> found, long fresh) {
        long best = fresh;
        boolean any = false;
        for (long t : found) {
            if (!any || t < best) best = t;
            any = true;
        }
        return best;
    }
}
