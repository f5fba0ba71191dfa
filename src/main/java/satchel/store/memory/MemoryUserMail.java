package satchel.store.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import satchel.mime.MessageStructure;
import satchel.store.AppendResult;
import satchel.store.Change;
import satchel.store.CopyResult;
import satchel.store.FlagResult;
import satchel.store.FlagUpdate;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;
import satchel.store.MailboxNames;
import satchel.store.MailboxSnapshot;
import satchel.store.MailboxStatus;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.UserMail;

/** One user's view of the memory store; every mailbox id is checked against the owner. */
final class MemoryUserMail implements UserMail {
    private final MemoryMailStore store;
    private final long userId;

    MemoryUserMail(MemoryMailStore store, long userId) {
        this.store = store;
        this.userId = userId;
    }

    private TreeMap<String, Box> names() {
        return store.byUser.getOrDefault(userId, new TreeMap<>());
    }

    private boolean subscribed(String name) {
        TreeSet<String> subs = store.subscriptions.get(userId);
        return subs != null && subs.contains(name);
    }

    /** The user's mailbox with this id; a foreign or unknown id is NONEXISTENT, never a hint it exists. */
    private Box box(MailboxId id) throws StoreException {
        Box b = store.boxes.get(id.value());
        if (b == null || b.userId != userId) throw new StoreException(Kind.NONEXISTENT, "No such mailbox");
        return b;
    }

    /** Creating names for an account deleted meanwhile would leave orphans behind. */
    private void requireUser() throws StoreException {
        if (!store.byUser.containsKey(userId)) throw new StoreException(Kind.NONEXISTENT, "No such user");
    }

    private Box selectable(MailboxId id) throws StoreException {
        Box b = box(id);
        if (!b.selectable) throw new StoreException(Kind.CANNOT, "Mailbox is not selectable");
        return b;
    }

    private static SortedMap<String, Box> inferiors(TreeMap<String, Box> names, String name) {
        return names.subMap(name + "/", name + "0"); // '0' follows '/': exactly the names below
    }

    @Override
    public List<MailboxInfo> list() throws StoreException {
        return store.read(_ -> names().values().stream().map(b -> b.info(subscribed(b.name))).toList());
    }

    @Override
    public Optional<MailboxInfo> find(String name) throws StoreException {
        String n;
        try {
            n = MailboxNames.normalize(name);
        } catch (StoreException invalid) {
            return Optional.empty(); // a name that cannot exist is simply not found
        }
        return store.read(_ -> Optional.ofNullable(names().get(n)).map(b -> b.info(subscribed(n))));
    }

    @Override
    public MailboxInfo create(String name, Set<String> specialUse) throws StoreException {
        String n = MailboxNames.normalize(name);
        if (MailboxNames.isInbox(n)) throw new StoreException(Kind.ALREADY_EXISTS, "INBOX always exists");
        store.limits.checkName(n);
        return store.write(_ -> {
            requireUser();
            Box existing = names().get(n);
            if (existing != null && existing.selectable) {
                throw new StoreException(Kind.ALREADY_EXISTS, "Mailbox already exists");
            }
            // A placeholder's parents exist already, and it only changes incarnation.
            if (existing == null) store.limits.checkCount(names().size(), 1 + missingParents(n).size());
            // A \Noselect placeholder comes back to life as a new incarnation (new id and UIDVALIDITY).
            if (existing != null) store.removeBox(existing);
            createParents(n);
            return store.addBox(userId, n, specialUse).info(subscribed(n));
        });
    }

    /** RFC 3501 §6.3.3/§6.3.5: superior names are created as needed. */
    private void createParents(String name) {
        for (String p : missingParents(name)) store.addBox(userId, p, Set.of());
    }

    private List<String> missingParents(String name) {
        return MailboxNames.parents(name).stream().filter(p -> !names().containsKey(p)).toList();
    }

    @Override
    public void delete(String name) throws StoreException {
        String n = MailboxNames.normalize(name);
        if (MailboxNames.isInbox(n)) throw new StoreException(Kind.CANNOT, "INBOX cannot be deleted");
        store.write(ring -> {
            Box b = names().get(n);
            if (b == null) throw new StoreException(Kind.NONEXISTENT, "No such mailbox");
            ring.add(b.id);
            if (inferiors(names(), n).isEmpty()) {
                store.removeBox(b);
            } else if (b.selectable) {
                // RFC 3501 §6.3.4: messages go, the name stays as \Noselect for its inferiors.
                b.selectable = false;
                b.messages.clear();
                b.expunged.clear();
                b.retained.clear();
                b.keywords.clear();
                b.highestModSeq++;
            } else {
                throw new StoreException(Kind.CANNOT, "Mailbox has inferior hierarchical names");
            }
            return null;
        });
    }

    @Override
    public void rename(String from, String to) throws StoreException {
        String f = MailboxNames.normalize(from);
        String t = MailboxNames.normalize(to);
        store.limits.checkName(t);
        store.write(ring -> {
            TreeMap<String, Box> names = names();
            Box src = names.get(f);
            if (src == null) throw new StoreException(Kind.NONEXISTENT, "No such mailbox");
            if (names.containsKey(t)) throw new StoreException(Kind.ALREADY_EXISTS, "Mailbox already exists");
            if (MailboxNames.isDescendant(t, f)) throw new StoreException(Kind.CANNOT, "Cannot rename a mailbox into itself");
            // The old superiors stay, so a RENAME adds the new ones it needs (and INBOX's new mailbox itself).
            store.limits.checkCount(names.size(), missingParents(t).size() + (MailboxNames.isInbox(f) ? 1 : 0));
            if (MailboxNames.isInbox(f)) {
                renameInbox(src, t, ring);
                return null;
            }
            List<Box> moving = new ArrayList<>(inferiors(names, f).values());
            // Inferiors move deeper with their parent: each new name must fit too.
            for (Box b : moving) store.limits.checkName(MailboxNames.renamed(b.name, f, t));
            moving.addFirst(src);
            for (Box b : moving) names.remove(b.name);
            for (Box b : moving) {
                b.name = MailboxNames.renamed(b.name, f, t);
                names.put(b.name, b);
                ring.add(b.id);
            }
            createParents(t);
            return null;
        });
    }

    /** RFC 3501 §6.3.5: INBOX's messages move to a new mailbox; INBOX stays, empty; its inferiors stay. */
    private void renameInbox(Box inbox, String to, java.util.Set<MailboxId> ring) {
        createParents(to);
        Box dst = store.addBox(userId, to, Set.of());
        dst.messages.putAll(inbox.messages); // UIDs can stay: the new mailbox has its own UIDVALIDITY
        dst.uidNext = inbox.uidNext;
        dst.highestModSeq = inbox.highestModSeq;
        dst.firstRecentUid = inbox.firstRecentUid;
        dst.keywords.putAll(inbox.keywords);
        inbox.expunge(List.copyOf(inbox.messages.keySet()));
        store.purgeLocked();
        ring.add(inbox.id);
        ring.add(dst.id);
    }

    @Override
    public void subscribe(String name, boolean on) throws StoreException {
        String n = MailboxNames.normalize(name);
        // Subscriptions may name mailboxes that do not exist, so they are bounded like mailboxes themselves.
        if (on) store.limits.checkName(n);
        store.write(_ -> {
            requireUser();
            TreeSet<String> subs = store.subscriptions.computeIfAbsent(userId, _ -> new TreeSet<>());
            if (on && !subs.contains(n)) store.limits.checkCount(subs.size(), 1);
            if (on) subs.add(n); else subs.remove(n);
            return null;
        });
    }

    @Override
    public List<String> subscriptions() throws StoreException {
        return store.read(_ -> List.copyOf(store.subscriptions.getOrDefault(userId, new TreeSet<>())));
    }

    @Override
    public MailboxStatus status(MailboxId mailbox) throws StoreException {
        return store.read(_ -> selectable(mailbox).status());
    }

    @Override
    public MailboxSnapshot snapshot(MailboxId mailbox) throws StoreException {
        return store.read(_ -> {
            Box b = selectable(mailbox);
            return b.snapshot(subscribed(b.name));
        });
    }

    @Override
    public long claimRecent(MailboxId mailbox, long uidNext) throws StoreException {
        return store.write(_ -> selectable(mailbox).claimRecent(uidNext));
    }

    @Override
    public List<AppendResult> append(MailboxId mailbox, List<NewMessage> messages) throws StoreException {
        return store.write(ring -> {
            List<AppendResult> out = selectable(mailbox).append(messages);
            if (!out.isEmpty()) ring.add(mailbox);
            return out;
        });
    }

    @Override
    public List<Change> changesSince(MailboxId mailbox, long modSeq) throws StoreException {
        return store.read(_ -> selectable(mailbox).changesSince(modSeq));
    }

    @Override
    public FlagResult updateFlags(MailboxId mailbox, List<Long> uids, FlagUpdate update) throws StoreException {
        return store.write(ring -> {
            FlagResult r = selectable(mailbox).updateFlags(uids, update);
            if (!r.changed().isEmpty()) ring.add(mailbox);
            return r;
        });
    }

    @Override
    public List<Long> expunge(MailboxId mailbox, List<Long> uids) throws StoreException {
        return store.write(ring -> {
            List<Long> removed = selectable(mailbox).expunge(uids);
            if (!removed.isEmpty()) ring.add(mailbox);
            store.purgeLocked();
            return removed;
        });
    }

    @Override
    public CopyResult copy(MailboxId from, List<Long> uids, MailboxId to) throws StoreException {
        return store.write(ring -> copyLocked(from, uids, to, ring));
    }

    @Override
    public CopyResult move(MailboxId from, List<Long> uids, MailboxId to) throws StoreException {
        return store.write(ring -> {
            CopyResult r = copyLocked(from, uids, to, ring);
            if (!r.sourceUids().isEmpty()) {
                box(from).expunge(r.sourceUids());
                ring.add(from);
                store.purgeLocked();
            }
            return r;
        });
    }

    private CopyResult copyLocked(MailboxId from, List<Long> uids, MailboxId to, Set<MailboxId> ring)
            throws StoreException {
        Box src = selectable(from);
        Box dst = selectable(to);
        if (src.anyExpunged(uids)) throw new StoreException(Kind.EXPUNGED, "Some of the messages no longer exist");
        CopyResult r = src.copyTo(uids, dst);
        if (!r.destUids().isEmpty()) ring.add(to);
        return r;
    }

    @Override
    public byte[] content(MailboxId mailbox, long uid) throws StoreException {
        return store.read(_ -> {
            Box.Blob blob = selectable(mailbox).readable(uid);
            if (blob == null) throw new StoreException(Kind.NONEXISTENT, "No such message");
            return blob.content().clone();
        });
    }

    @Override
    public Map<Long, MessageStructure> structures(MailboxId mailbox, List<Long> uids) throws StoreException {
        return store.read(_ -> {
            Box b = selectable(mailbox);
            Map<Long, MessageStructure> out = new LinkedHashMap<>();
            for (long uid : Box.sorted(uids)) {
                Box.Blob blob = b.readable(uid);
                if (blob != null) out.put(uid, MessageStructure.fromBytes(blob.structure()));
            }
            return out;
        });
    }

    @Override
    public Set<String> keywords(MailboxId mailbox) throws StoreException {
        return store.read(_ -> Set.copyOf(selectable(mailbox).keywords.values()));
    }
}
