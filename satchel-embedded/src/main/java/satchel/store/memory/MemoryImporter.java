package satchel.store.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import satchel.store.AppendResult;
import satchel.store.Importer;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;
import satchel.store.MailboxNames;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;

/** {@link Importer} for the memory store, with the SQLite store's rules (see the interface). */
final class MemoryImporter implements Importer {
    private final MemoryMailStore store;
    private final MemoryUserMail mail;
    private final long userId;

    MemoryImporter(MemoryMailStore store, long userId) {
        this.store = store;
        this.mail = new MemoryUserMail(store, userId);
        this.userId = userId;
    }

    @Override
    public MailboxInfo mailbox(String name, long uidValidity) throws StoreException {
        String n = MailboxNames.normalize(name);
        var found = mail.find(n);
        if (found.isEmpty() || !found.get().selectable()) mail.create(n, Set.of());
        return store.write(ring -> {
            Box box = store.byUser.get(userId).get(n);
            if (box == null) throw new StoreException(Kind.NONEXISTENT, "No such mailbox"); // deleted meanwhile
            if (uidValidity <= 0 || box.uidNext != 1) return box.info(subscribed(n));
            // The same value already (both servers take it from the clock): still a modseq above the source's.
            if (box.uidValidity == uidValidity) {
                ring.add(box.id);
                return renew(box, uidValidity).info(subscribed(n));
            }
            Box holder = store.boxes.values().stream()
                    .filter(b -> b.userId == userId && b.uidValidity == uidValidity).findFirst().orElse(null);
            if (holder != null && holder.uidNext != 1) return box.info(subscribed(n));
            store.raiseUidValidity(userId, uidValidity);
            if (holder != null) { // an unused mailbox (say a new account's Sent) gives the value up
                renew(holder, store.nextUidValidity(userId));
                ring.add(holder.id);
            }
            ring.add(box.id);
            return renew(box, uidValidity).info(subscribed(n));
        });
    }

    /**
     * Box.uidValidity is final: an unused mailbox is replaced by one with the same id and the new value, and a modseq
     * above the source's (see {@link Importer#mailbox}).
     */
    private Box renew(Box box, long uidValidity) {
        Box renewed = new Box(box.id, userId, box.name, uidValidity, box.specialUse);
        renewed.highestModSeq = Math.max(box.highestModSeq + 1, System.currentTimeMillis() / 1000);
        store.boxes.put(box.id.value(), renewed);
        store.byUser.get(userId).put(box.name, renewed);
        return renewed;
    }

    private boolean subscribed(String name) {
        var subs = store.subscriptions.get(userId);
        return subs != null && subs.contains(name);
    }

    @Override
    public List<AppendResult> append(MailboxId mailbox, List<Imported> messages) throws StoreException {
        long previous = 0;
        for (Imported m : messages) {
            if (m.uid() <= previous) throw new StoreException(Kind.CANNOT, "Imported UIDs must ascend");
            previous = m.uid();
        }
        return store.write(ring -> {
            Box box = owned(mailbox);
            if (messages.isEmpty()) return List.of();
            if (messages.getFirst().uid() < box.uidNext) {
                throw new StoreException(Kind.CANNOT, "UID " + messages.getFirst().uid() + " is below UIDNEXT " + box.uidNext);
            }
            List<AppendResult> out = new ArrayList<>();
            long modSeq = ++box.highestModSeq;
            for (Imported m : messages) {
                box.uidNext = m.uid(); // Box.append takes UIDNEXT; one message at a time lands each on its UID
                var r = box.append(List.of(m.message()), store.threads);
                box.highestModSeq = modSeq;
                out.addAll(r);
            }
            // Box.append raised the modseq per message; every message of the batch shares the one taken above.
            for (Imported m : messages) box.messages.computeIfPresent(m.uid(), (_, msg) -> msg.withMeta(
                    new satchel.store.MessageMeta(m.uid(), modSeq, msg.meta().flags(), msg.meta().size(),
                            msg.meta().internalDate()), modSeq));
            ring.add(mailbox);
            return out;
        });
    }

    @Override
    public void finish(MailboxId mailbox, long uidNext) throws StoreException {
        store.write(ring -> {
            Box box = owned(mailbox);
            java.util.Set<Long> gone = new java.util.HashSet<>();
            for (Box.Tombstone t : box.expunged) gone.add(t.uid());
            long modSeq = box.highestModSeq + 1;
            boolean added = false;
            for (long uid = 1; uid < Math.max(uidNext, box.uidNext); uid++) {
                if (box.messages.containsKey(uid) || gone.contains(uid)) continue;
                box.expunged.add(new Box.Tombstone(uid, modSeq));
                added = true;
            }
            if (added) {
                box.highestModSeq = modSeq;
                ring.add(mailbox);
            }
            box.uidNext = Math.max(box.uidNext, uidNext);
            return null;
        });
    }

    private Box owned(MailboxId id) throws StoreException {
        Box b = store.boxes.get(id.value());
        if (b == null || b.userId != userId) throw new StoreException(Kind.NONEXISTENT, "No such mailbox");
        if (!b.selectable) throw new StoreException(Kind.CANNOT, "Mailbox is not selectable");
        return b;
    }
}
