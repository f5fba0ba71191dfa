package satchel.session;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import satchel.store.Change;
import satchel.store.MailStore;
import satchel.store.MailboxId;

/**
 * The column version of a mailbox that its selecting sessions share. A session whose view has caught up with the
 * store at modseq N (every change up to N applied, every expunge announced) offers its columns: the newest is kept,
 * and a session at the same modseq whose columns hold the same values takes the kept version instead of its own,
 * so ten sessions on a 100,000-message mailbox hold one set of chunks plus what each changed since. Comparing
 * values, not trusting the modseq alone, keeps a view right even if two reads of the same modseq ever differed.
 * Entries live while a session holds them (counted), keyed by store, mailbox and UIDVALIDITY. Thread-safe.
 */
final class SharedColumns {
    private record Key(MailStore store, MailboxId mailbox, long uidValidity) {}

    private static final Map<Key, SharedColumns> OPEN = new ConcurrentHashMap<>();

    private final Key key;
    private final FlagSets flagSets = new FlagSets();
    private int users;
    private MessageColumns latest;
    private long latestModSeq = -1;
    /** The last edit a view made with nothing pending, and what it was made from (guarded by this). */
    private MessageColumns editedBase;
    private List<Change> editedChanges;
    private ColumnEdit edited;

    private SharedColumns(Key key) { this.key = key; }

    /** The entry for this mailbox, counting the caller as a user until {@link #release}. */
    static SharedColumns acquire(MailStore store, MailboxId mailbox, long uidValidity) {
        return OPEN.compute(new Key(store, mailbox, uidValidity), (k, v) -> {
            SharedColumns s = v == null ? new SharedColumns(k) : v;
            synchronized (s) {
                s.users++;
            }
            return s;
        });
    }

    void release() {
        OPEN.computeIfPresent(key, (k, v) -> {
            synchronized (v) {
                return --v.users == 0 ? null : v;
            }
        });
    }

    /** The flag table every view of this mailbox numbers its flags with. */
    FlagSets flagSets() { return flagSets; }

    /** The shared version if it is complete up to exactly {@code modSeq} (the store's state now), else null. */
    synchronized MessageColumns at(long modSeq) {
        return latest != null && latestModSeq == modSeq ? latest : null;
    }

    /**
     * {@code changes} applied to {@code base} with no expunge pending, computed once for every view at that version
     * ({@link ColumnEdit}): the last such edit when it was made from this very version and equal changes, else a new
     * one, kept for the next view. Equal inputs give an equal edit, so a view gets exactly what it would compute.
     */
    ColumnEdit edited(MessageColumns base, List<Change> changes) {
        synchronized (this) {
            if (editedBase == base && changes.equals(editedChanges)) return edited;
        }
        ColumnEdit e = ColumnEdit.of(base, Set.of(), changes); // outside the lock: others at other versions go on
        synchronized (this) {
            editedBase = base;
            editedChanges = List.copyOf(changes);
            edited = e;
        }
        return e;
    }

    /**
     * Offers a view's columns, complete up to {@code modSeq}; returns what the view should keep: the shared version
     * when it holds the same values, else the view's own (kept as the shared one when it is the newest).
     */
    synchronized MessageColumns offer(MessageColumns mine, long modSeq) {
        if (modSeq > latestModSeq) {
            latest = mine;
            latestModSeq = modSeq;
            return mine;
        }
        return modSeq == latestModSeq && latest.sameContent(mine) ? latest : mine;
    }
}
