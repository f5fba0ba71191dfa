package satchel.store.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import satchel.store.AccountBell;
import satchel.store.MailboxId;
import satchel.store.MetadataLimits;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.UserMetadata;

/** RFC 5464 annotations in the memory store, under its lock; values are copied in and out. */
final class MemoryMetadata implements UserMetadata {
    private final MemoryMailStore store;
    private final long userId;

    MemoryMetadata(MemoryMailStore store, long userId) {
        this.store = store;
        this.userId = userId;
    }

    /** The entries of the target, created on demand when {@code create}; caller holds the lock. */
    private TreeMap<String, byte[]> target(Optional<MailboxId> mailbox, boolean create) throws StoreException {
        Map<Long, TreeMap<String, byte[]>> all = mailbox.isEmpty() ? store.serverMetadata : store.mailboxMetadata;
        long key = userId;
        if (mailbox.isPresent()) {
            Box b = store.boxes.get(mailbox.get().value());
            if (b == null || b.userId != userId) throw new StoreException(Kind.NONEXISTENT, "No such mailbox");
            key = b.id.value();
        }
        return create ? all.computeIfAbsent(key, _ -> new TreeMap<>()) : all.getOrDefault(key, new TreeMap<>());
    }

    @Override
    public SortedMap<String, byte[]> entries(Optional<MailboxId> mailbox) throws StoreException {
        return store.read(_ -> {
            SortedMap<String, byte[]> out = new TreeMap<>();
            target(mailbox, false).forEach((k, v) -> out.put(k, v.clone()));
            return out;
        });
    }

    @Override
    public SetResult set(Optional<MailboxId> mailbox, Map<String, byte[]> changes, MetadataLimits limits)
            throws StoreException {
        return store.write(ring -> {
            if (!store.byUser.containsKey(userId)) throw new StoreException(Kind.NONEXISTENT, "No such user");
            TreeMap<String, byte[]> entries = target(mailbox, true);
            TreeMap<String, byte[]> after = new TreeMap<>(entries);
            boolean grows = false;
            for (var e : changes.entrySet()) {
                if (e.getValue() == null) after.remove(e.getKey());
                else {
                    after.put(e.getKey(), e.getValue().clone());
                    grows = true;
                }
            }
            if (grows) {
                long count = 0, bytes = 0;
                for (Entry e : allLocked()) {
                    if (e.mailbox().equals(mailbox)) continue;
                    count++;
                    bytes += e.name().length() + e.value().length;
                }
                for (var e : after.entrySet()) {
                    count++;
                    bytes += e.getKey().length() + e.getValue().length;
                }
                SetResult within = limits.check(count, bytes);
                if (within != SetResult.DONE) return within;
            }
            entries.clear();
            entries.putAll(after);
            ring.add(AccountBell.of(userId));
            return SetResult.DONE;
        });
    }

    @Override
    public List<Entry> all() throws StoreException {
        return store.read(_ -> allLocked().stream().map(e -> new Entry(e.mailbox(), e.name(), e.value().clone())).toList());
    }

    private List<Entry> allLocked() {
        List<Entry> out = new ArrayList<>();
        store.serverMetadata.getOrDefault(userId, new TreeMap<>())
                .forEach((k, v) -> out.add(new Entry(Optional.empty(), k, v)));
        for (Box b : store.byUser.getOrDefault(userId, new TreeMap<>()).values()) {
            TreeMap<String, byte[]> m = store.mailboxMetadata.get(b.id.value());
            if (m != null) m.forEach((k, v) -> out.add(new Entry(Optional.of(b.id), k, v)));
        }
        return out;
    }
}
