package satchel.store.memory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import satchel.mime.MessageStructure;
import satchel.store.AccountBell;
import satchel.store.AppendResult;
import satchel.store.Change;
import satchel.store.CopyResult;
import satchel.store.FlagResult;
import satchel.store.FlagUpdate;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;
import satchel.store.MailboxNames;
import satchel.store.MailboxTree;
import satchel.store.MailboxSnapshot;
import satchel.store.MailboxStatus;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.UserMail;
import satchel.store.UserMail.Appended;

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
    public satchel.store.UserMetadata metadata() {
        return new MemoryMetadata(store, userId);
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

    /** The user's tree as {@link MailboxTree} reads it (under the store's lock). */
    private MailboxTree.View<RuntimeException> view() {
        return new MailboxTree.View<>() {
            @Override public MailboxTree.State state(String name) {
                Box b = names().get(name);
                if (b == null) return MailboxTree.State.MISSING;
                return b.selectable ? MailboxTree.State.SELECTABLE : MailboxTree.State.PLACEHOLDER;
            }

            @Override public long count() {
                return names().size();
            }

            @Override public boolean hasInferiors(String name) {
                return !MemoryUserMail.inferiors(names(), name).isEmpty();
            }

            @Override public List<String> inferiors(String name) {
                return List.copyOf(MemoryUserMail.inferiors(names(), name).keySet());
            }
        };
    }

    /** Applies {@link MailboxTree}'s steps; the rules are there, only storage is here. */
    private void apply(List<MailboxTree.Step> steps, Set<MailboxId> ring) {
        for (MailboxTree.Step step : steps) {
            switch (step) {
                case MailboxTree.Step.Insert(String name, Set<String> specialUse) -> store.addBox(userId, name, specialUse);
                case MailboxTree.Step.Remove(String name) -> {
                    Box b = names().get(name);
                    ring.add(b.id);
                    store.removeBox(b);
                }
                case MailboxTree.Step.Empty(String name) -> {
                    Box b = names().get(name);
                    ring.add(b.id);
                    b.selectable = false;
                    b.messages.clear();
                    b.bytes = 0;
                    b.expunged.clear();
                    b.retained.clear();
                    b.keywords.clear();
                    store.mailboxMetadata.remove(b.id.value());
                    b.highestModSeq++;
                }
                case MailboxTree.Step.Rename(String from, String to) -> {
                    TreeMap<String, Box> names = names();
                    Box b = names.remove(from);
                    b.name = to;
                    names.put(to, b);
                    ring.add(b.id);
                }
                case MailboxTree.Step.MoveInbox(String to) -> renameInbox(names().get(MailboxNames.INBOX), to, ring);
            }
        }
    }

    @Override
    public MailboxInfo create(String name, Set<String> specialUse) throws StoreException {
        String n = MailboxNames.normalize(name);
        return store.write(ring -> {
            requireUser();
            apply(MailboxTree.create(view(), n, specialUse, store.limits), ring);
            ring.add(AccountBell.of(userId));
            return names().get(n).info(subscribed(n));
        });
    }

    @Override
    public void delete(String name) throws StoreException {
        String n = MailboxNames.normalize(name);
        store.write(ring -> {
            apply(MailboxTree.delete(view(), n), ring);
            ring.add(AccountBell.of(userId));
            return null;
        });
    }

    @Override
    public void rename(String from, String to) throws StoreException {
        String f = MailboxNames.normalize(from);
        String t = MailboxNames.normalize(to);
        store.write(ring -> {
            apply(MailboxTree.rename(view(), f, t, store.limits), ring);
            ring.add(AccountBell.of(userId));
            return null;
        });
    }

    /** RFC 3501 §6.3.5: INBOX's messages move to a new mailbox; INBOX stays, empty; its inferiors stay. */
    private void renameInbox(Box inbox, String to, java.util.Set<MailboxId> ring) {
        Box dst = store.addBox(userId, to, Set.of());
        dst.messages.putAll(inbox.messages); // UIDs can stay: the new mailbox has its own UIDVALIDITY
        dst.bytes = inbox.bytes; // the user's usage stays: the messages only change mailbox
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
        store.write(ring -> {
            requireUser();
            ring.add(AccountBell.of(userId));
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
    public satchel.store.MailboxScan.Head scan(MailboxId mailbox, satchel.store.MailboxScan scan) throws StoreException {
        return store.read(_ -> {
            Box b = selectable(mailbox);
            return b.scan(subscribed(b.name), scan);
        });
    }

    @Override
    public long claimRecent(MailboxId mailbox, long uidNext) throws StoreException {
        return store.write(_ -> selectable(mailbox).claimRecent(uidNext));
    }

    @Override
    public List<AppendResult> append(MailboxId mailbox, List<NewMessage> messages) throws StoreException {
        return appended(mailbox, messages, Long.MAX_VALUE).results();
    }

    @Override
    public boolean claimsInAppend() {
        return true;
    }

    @Override
    public satchel.store.Pending<Appended> appendClaiming(MailboxInfo target, List<NewMessage> messages,
                                                          long knownUidNext) {
        return () -> appended(target.id(), messages, knownUidNext);
    }

    /**
     * The one append write, claiming \Recent in it as {@link #appendClaiming} says ({@code knownUidNext}
     * {@link Long#MAX_VALUE}: never).
     */
    private Appended appended(MailboxId mailbox, List<NewMessage> messages, long knownUidNext) throws StoreException {
        long bytes = 0;
        for (NewMessage m : messages) bytes += m.content().length;
        long size = bytes;
        return store.write(ring -> {
            Box box = selectable(mailbox);
            if (!messages.isEmpty()) store.charge(userId, size, messages.size()); // RFC 3502: none, if over quota
            long from = box.firstRecentUid;
            List<AppendResult> out = box.append(messages, store.threads);
            if (out.isEmpty()) return new Appended(out, Appended.NOT_CLAIMED);
            ring.add(mailbox);
            // As the SQL store: one write, and only if nothing the caller has seen is still unclaimed.
            if (from < knownUidNext) return new Appended(out, Appended.NOT_CLAIMED);
            box.claimRecent(box.uidNext);
            return new Appended(out, from);
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
        return store.write(ring -> copyLocked(from, uids, to, false, ring));
    }

    @Override
    public CopyResult move(MailboxId from, List<Long> uids, MailboxId to) throws StoreException {
        return store.write(ring -> {
            CopyResult r = copyLocked(from, uids, to, true, ring);
            if (!r.sourceUids().isEmpty()) {
                box(from).expunge(r.sourceUids());
                ring.add(from);
                store.purgeLocked();
            }
            return r;
        });
    }

    private CopyResult copyLocked(MailboxId from, List<Long> uids, MailboxId to, boolean move, Set<MailboxId> ring)
            throws StoreException {
        Box src = selectable(from);
        Box dst = selectable(to);
        if (src.anyExpunged(uids)) throw new StoreException(Kind.EXPUNGED, "Some of the messages no longer exist");
        if (!move) { // a MOVE stays within the user's quota root: usage does not change
            long bytes = 0, count = 0;
            for (long uid : Box.sorted(uids)) {
                Box.Msg m = src.messages.get(uid);
                if (m == null) continue;
                bytes += m.meta().size();
                count++;
            }
            store.charge(userId, bytes, count);
        }
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
    public satchel.store.ObjectIds objectIds() {
        return store.objectIds;
    }

    @Override
    public Map<Long, satchel.store.MessageObjects> objects(MailboxId mailbox, List<Long> uids, boolean withPreviews)
            throws StoreException {
        var ids = store.objectIds;
        return store.read(_ -> {
            Box b = selectable(mailbox);
            Map<Long, satchel.store.MessageObjects> out = new LinkedHashMap<>();
            for (long uid : Box.sorted(uids)) {
                Box.Msg m = b.messages.get(uid);
                Box.Retained r = m == null ? b.retained.get(uid) : null;
                if (m == null && r == null) continue;
                Box.Blob blob = m != null ? m.blob() : r.blob();
                long thread = m != null ? m.thread() : r.thread();
                out.put(uid, new satchel.store.MessageObjects(ids.email(userId, blob.id()), ids.thread(userId, thread),
                        Optional.ofNullable(m == null ? null : m.saveDate()),
                        withPreviews ? Optional.of(blob.preview()) : Optional.empty()));
            }
            return out;
        });
    }

    /** Every message of this store got its preview at delivery: there is never one to add. */
    @Override
    public void savePreviews(MailboxId mailbox, Map<Long, String> previews) throws StoreException {
        store.read(_ -> selectable(mailbox));
    }

    @Override
    public Set<String> keywords(MailboxId mailbox) throws StoreException {
        return store.read(_ -> Set.copyOf(selectable(mailbox).keywords.values()));
    }
}
