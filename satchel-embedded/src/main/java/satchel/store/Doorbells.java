package satchel.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In-process registry of {@link MailStore#watch} listeners. Stores call {@link #ring} after a commit and after
 * releasing their locks, so a listener may call straight back into the store. A listener that throws is
 * ignored: a lost doorbell costs latency, never correctness.
 */
public final class Doorbells {
    private final Map<Long, List<Runnable>> byMailbox = new ConcurrentHashMap<>();

    public AutoCloseable watch(MailboxId mailbox, Runnable doorbell) {
        byMailbox.compute(mailbox.value(), (_, list) -> {
            List<Runnable> l = list == null ? new CopyOnWriteArrayList<>() : list;
            l.add(doorbell);
            return l;
        });
        return () -> byMailbox.computeIfPresent(mailbox.value(), (_, list) -> {
            list.remove(doorbell);
            return list.isEmpty() ? null : list;
        });
    }

    /**
     * Rings every watched mailbox: after a gap in notifications (the listening connection to a shared database was
     * lost), each listener asks {@code changesSince} and so catches up on whatever it missed.
     */
    public void ringAll() {
        ring(byMailbox.keySet().stream().map(MailboxId::new).toList());
    }

    /** The mailboxes (and account bells) someone watches now. */
    public List<MailboxId> watched() {
        return byMailbox.keySet().stream().map(MailboxId::new).toList();
    }

    public void ring(Collection<MailboxId> mailboxes) {
        for (MailboxId id : mailboxes) {
            List<Runnable> list = byMailbox.get(id.value());
            if (list == null) continue;
            for (Runnable r : list) {
                try {
                    r.run();
                } catch (RuntimeException ignored) {
                    // The listener's failure is its own; other listeners still hear the bell.
                }
            }
        }
    }
}
