package satchel.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import satchel.mime.MessageStructure;
import satchel.mime.SortFields;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.StoreException;
import satchel.store.UserId;
import satchel.store.UserMail;

/**
 * The SORT and THREAD keys of recently sorted mailboxes, shared by every session on one store, so that a webmail
 * client opening a connection per page view does not reload 100,000 structures each time. A message's keys never
 * change (its bytes are immutable and UIDs are never reused within a UIDVALIDITY), so an entry is never stale;
 * keys of expunged messages are dropped when a mailbox's map outgrows its live messages. Bounded to
 * {@link #MAX_ENTRIES} messages in all: least recently sorted mailboxes are dropped first. Thread-safe; the
 * store is read outside the lock, so two sessions may load the same keys at once (equal values, harmless).
 */
final class SortKeyCache {
    /** About 200 bytes of keys per message: some 40 MB at most. */
    static final int MAX_ENTRIES = 200_000;
    private static final int BATCH = 500;
    private static final Map<MailStore, SortKeyCache> BY_STORE = Collections.synchronizedMap(new WeakHashMap<>());

    /** User, mailbox and UIDVALIDITY: a mailbox id from another user or an older UIDVALIDITY never matches. */
    private record Key(UserId user, MailboxId mailbox, long uidValidity) {}

    private final LinkedHashMap<Key, Map<Long, SortFields>> mailboxes = new LinkedHashMap<>(16, 0.75f, true);
    private int entries;

    static SortKeyCache of(MailStore store) {
        return BY_STORE.computeIfAbsent(store, _ -> new SortKeyCache());
    }

    /**
     * The keys of {@code wanted} (UIDs of the selected mailbox), loading those not cached; {@code live} is every
     * UID the session sees, to drop keys of messages expunged since. A UID expunged meanwhile is left out.
     */
    Map<Long, SortFields> fields(UserContext user, MailboxView view, List<Long> wanted, List<Long> live)
            throws StoreException {
        Key key = new Key(user.user().id(), view.info().id(), view.info().uidValidity());
        Map<Long, SortFields> out = new HashMap<>(wanted.size() * 2);
        List<Long> missing = new ArrayList<>();
        synchronized (this) {
            Map<Long, SortFields> known = mailboxes.getOrDefault(key, Map.of());
            for (long uid : wanted) {
                SortFields f = known.get(uid);
                if (f != null) out.put(uid, f);
                else missing.add(uid);
            }
        }
        if (missing.isEmpty()) return out;
        Map<Long, SortFields> loaded = load(user.mail(), view.info().id(), missing);
        out.putAll(loaded);
        synchronized (this) {
            Map<Long, SortFields> known = mailboxes.computeIfAbsent(key, _ -> new HashMap<>());
            int before = known.size();
            known.putAll(loaded);
            if (known.size() > live.size() + live.size() / 4 + BATCH) {
                Set<Long> alive = new HashSet<>(live);
                known.keySet().retainAll(alive);
            }
            entries += known.size() - before;
            evict(key);
        }
        return out;
    }

    private static Map<Long, SortFields> load(UserMail mail, MailboxId mailbox, List<Long> uids) throws StoreException {
        Map<Long, SortFields> out = new HashMap<>(uids.size() * 2);
        for (int from = 0; from < uids.size(); from += BATCH) {
            List<Long> batch = uids.subList(from, Math.min(uids.size(), from + BATCH));
            for (Map.Entry<Long, MessageStructure> e : mail.fetchStructures(mailbox, batch).entrySet())
                out.put(e.getKey(), e.getValue().sortFields());
        }
        return out;
    }

    /** Drops least recently used mailboxes (never {@code keep}, even if it alone is over the bound) until under it. */
    private void evict(Key keep) {
        var it = mailboxes.entrySet().iterator();
        while (entries > MAX_ENTRIES && it.hasNext()) {
            var e = it.next();
            if (e.getKey().equals(keep)) continue;
            entries -= e.getValue().size();
            it.remove();
        }
        if (entries > MAX_ENTRIES) {
            // one mailbox larger than the bound: keep none of it rather than grow without limit
            Map<Long, SortFields> m = mailboxes.remove(keep);
            if (m != null) entries -= m.size();
        }
    }
}
