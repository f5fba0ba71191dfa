package satchel.store;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * In-process registry of open {@link Hold}s, per mailbox, for stores to implement {@link MailStore#hold}. A store
 * asks {@link #floor} which expunged messages some reader may still want, and hears through {@code released}
 * (called with the mailbox on the reader's thread, outside every lock here, so it must be quick) when a hold on
 * it advanced or closed.
 */
public final class Holds {
    private final Map<Long, Set<Entry>> byMailbox = new ConcurrentHashMap<>();
    private final Consumer<MailboxId> released;
    /** Read side: {@link #stable} work; write side: opening a hold. Fair, so openings are not starved. */
    private final ReentrantReadWriteLock opening = new ReentrantReadWriteLock(true);

    public Holds(Consumer<MailboxId> released) {
        this.released = released;
    }

    public Hold open(MailboxId mailbox, long modSeq) {
        Entry e = new Entry(mailbox.value(), modSeq);
        opening.writeLock().lock();
        try {
            byMailbox.compute(mailbox.value(), (_, set) -> {
                Set<Entry> s = set == null ? ConcurrentHashMap.newKeySet() : set;
                s.add(e);
                return s;
            });
        } finally {
            opening.writeLock().unlock();
        }
        return e;
    }

    /** Work that may throw; see {@link #stable}. */
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code work} while no hold can be opened. A store that drops an expunged message's data at once because
     * {@link #floor} says nobody holds the mailbox runs the whole write, commit included, in here: a reader that
     * opens its hold afterwards then reads a snapshot without the message, so it never lists what is gone.
     */
    public <T, E extends Exception> T stable(Work<T, E> work) throws E {
        opening.readLock().lock();
        try {
            return work.run();
        } finally {
            opening.readLock().unlock();
        }
    }

    /** Whether some open hold may still want a message expunged from the mailbox now. */
    public boolean held(MailboxId mailbox) {
        return floor(mailbox) != Long.MAX_VALUE;
    }

    /**
     * The lowest modseq any open hold on the mailbox has reached: messages expunged at or below it are wanted by
     * nobody. {@link Long#MAX_VALUE} when nobody holds the mailbox.
     */
    public long floor(MailboxId mailbox) {
        Set<Entry> set = byMailbox.get(mailbox.value());
        long min = Long.MAX_VALUE;
        if (set != null) for (Entry e : set) min = Math.min(min, e.modSeq.get());
        return min;
    }

    /** Every held mailbox's {@link #floor}, for publishing where other processes need them. */
    public Map<Long, Long> floors() {
        Map<Long, Long> out = new java.util.HashMap<>();
        for (Long mailbox : byMailbox.keySet()) {
            long f = floor(new MailboxId(mailbox));
            if (f != Long.MAX_VALUE) out.put(mailbox, f);
        }
        return out;
    }

    private final class Entry implements Hold {
        private final long mailbox;
        private final AtomicLong modSeq;

        Entry(long mailbox, long modSeq) {
            this.mailbox = mailbox;
            this.modSeq = new AtomicLong(modSeq);
        }

        @Override public long modSeq() { return modSeq.get(); }

        @Override public void advance(long to) {
            long before = modSeq.getAndAccumulate(to, Math::max);
            if (to > before) released.accept(new MailboxId(mailbox));
        }

        @Override public void close() {
            boolean[] removed = {false};
            byMailbox.computeIfPresent(mailbox, (_, set) -> {
                removed[0] = set.remove(this);
                return set.isEmpty() ? null : set;
            });
            if (removed[0]) released.accept(new MailboxId(mailbox));
        }
    }
}
