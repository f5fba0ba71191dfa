package satchel.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.mime.Preview;
import satchel.protocol.FetchItem;
import satchel.store.MailboxId;
import satchel.store.MessageObjects;
import satchel.store.StoreException;
import satchel.store.UserMail;

/**
 * Loads {@link MessageObjects} for a batch of FETCH or SEARCH messages. Previews are computed at delivery; mail
 * stored before that gets one here: at once for PREVIEW (then kept), and for PREVIEW (LAZY) in the background
 * after answering NIL, as RFC 8970 §3.2 suggests, so the client's next FETCH finds it.
 */
final class ObjectData {
    private static final Logger log = LoggerFactory.getLogger(ObjectData.class);

    private ObjectData() {}

    static boolean wanted(List<FetchItem> items) {
        for (FetchItem i : items) if (i instanceof FetchItem.ObjectItem) return true; // every FETCH asks
        return false;
    }

    static Map<Long, MessageObjects> forFetch(UserMail mail, MailboxId mailbox, List<MailboxView.Entry> batch,
                                              List<FetchItem> items, MessageMemory memory) throws StoreException {
        List<Long> uids = batch.stream().map(e -> e.meta().uid()).toList();
        boolean lazy = items.stream().anyMatch(i -> i instanceof FetchItem.Preview p && p.lazy());
        boolean now = items.stream().anyMatch(i -> i instanceof FetchItem.Preview p && !p.lazy());
        Map<Long, MessageObjects> objects = mail.objects(mailbox, uids, lazy || now);
        if (!lazy && !now) return objects;
        List<MailboxView.Entry> missing = batch.stream()
                .filter(e -> objects.containsKey(e.meta().uid()) && objects.get(e.meta().uid()).preview().isEmpty())
                .toList();
        if (missing.isEmpty()) return objects;
        if (!now) {
            Thread.ofVirtual().name("preview").start(() -> {
                try {
                    mail.savePreviews(mailbox, compute(mail, mailbox, missing, memory));
                } catch (StoreException | RuntimeException e) {
                    log.debug("background previews of mailbox {} failed: {}", mailbox.value(), e.toString());
                }
            });
            return objects;
        }
        Map<Long, String> computed = compute(mail, mailbox, missing, memory);
        mail.savePreviews(mailbox, computed);
        Map<Long, MessageObjects> out = new LinkedHashMap<>(objects);
        computed.forEach((uid, p) -> out.computeIfPresent(uid, (_, o) -> o.withPreview(p)));
        return out;
    }

    /**
     * Previews from the bodies, each read under the server's message memory budget; vanished messages skipped. A body
     * that cannot be read (the store unreachable) fails the batch: RFC 8970 §3.2 allows NIL only for LAZY.
     */
    private static Map<Long, String> compute(UserMail mail, MailboxId mailbox, List<MailboxView.Entry> entries,
                                             MessageMemory memory) throws StoreException {
        Map<Long, String> out = new HashMap<>();
        for (MailboxView.Entry e : entries) {
            try (var m = new LoadedMessage(e, mail, mailbox, null, memory)) {
                out.put(e.meta().uid(), Preview.of(m.content(), m.structure()));
            } catch (LoadedMessage.Gone gone) {
                if (!gone.expunged()) throw gone.reason(); // expunged meanwhile: nothing to keep
            }
        }
        return out;
    }

    /** For SEARCH: the data of the batch if any key needs it (no previews: no search key reads them). */
    static Map<Long, MessageObjects> forSearch(UserMail mail, MailboxId mailbox, List<Long> uids)
            throws StoreException {
        return mail.objects(mailbox, new ArrayList<>(uids), false);
    }
}
