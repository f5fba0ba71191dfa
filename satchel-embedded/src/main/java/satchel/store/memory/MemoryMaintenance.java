package satchel.store.memory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import satchel.mime.MessageStructure;
import satchel.store.MessageMeta;
import satchel.store.StoreException;
import satchel.store.StoreMaintenance.Problem;
import satchel.store.StoreMaintenance.Progress;
import satchel.store.StoreMaintenance.Report;
import satchel.store.StoreMaintenance.Totals;
import satchel.store.User;

/** {@link satchel.store.StoreMaintenance} for the memory store: the same checks, under the store's lock. */
final class MemoryMaintenance {
    private final MemoryMailStore store;

    MemoryMaintenance(MemoryMailStore store) {
        this.store = store;
    }

    Totals totals() throws StoreException {
        long users = store.users().size();
        return store.read(_ -> {
            long messages = 0, bytes = 0, blobBytes = 0;
            Map<Box.Blob, Boolean> blobs = new IdentityHashMap<>();
            for (Box b : store.boxes.values()) {
                for (Box.Msg m : b.messages.values()) {
                    messages++;
                    bytes += m.meta().size();
                    if (blobs.put(m.blob(), true) == null) blobBytes += m.blob().content().length;
                }
                for (Box.Retained r : b.retained.values()) { // expunged, still readable: still stored
                    if (blobs.put(r.blob(), true) == null) blobBytes += r.blob().content().length;
                }
            }
            return new Totals(users, store.boxes.size(), messages, bytes, blobs.size(), blobBytes);
        });
    }

    Report check(boolean repair, Progress progress) throws StoreException {
        Set<Long> userIds = new HashSet<>();
        for (User u : store.users()) userIds.add(u.id().value());
        List<Problem> problems = new ArrayList<>();
        Op op = ring -> {
            int done = 0;
            List<Box> all = new ArrayList<>(store.boxes.values());
            for (Box b : all) {
                progress.update("mailboxes", done++, all.size());
                String where = "user " + b.userId + "/" + b.name;
                if (!userIds.contains(b.userId)) {
                    problems.add(new Problem(where, "mailbox of a deleted user", repair));
                    if (repair) store.removeBox(b);
                    continue;
                }
                if (messages(b, where, repair, problems) | counters(b, where, repair, problems)) ring.add(b.id);
                usage(b, where, repair, problems);
            }
            progress.update("mailboxes", all.size(), all.size());
            return null;
        };
        if (repair) store.write(op::run);
        else store.read(op::run);
        Totals t = totals();
        return new Report(t.users(), t.mailboxes(), t.messages(), problems);
    }

    private interface Op {
        Object run(Set<satchel.store.MailboxId> ring) throws StoreException;
    }

    /** The quota counter the box keeps (its messages' sizes), after any size repair above. */
    private static void usage(Box b, String where, boolean repair, List<Problem> problems) {
        long real = 0;
        for (Box.Msg m : b.messages.values()) real += m.meta().size();
        if (real == b.bytes) return;
        problems.add(new Problem(where, "quota usage " + b.bytes + " bytes, but the messages hold " + real, repair));
        if (repair) b.bytes = real;
    }

    /** Sizes against bytes and readable structures; returns true if something was repaired. */
    private static boolean messages(Box b, String where, boolean repair, List<Problem> problems) {
        boolean changed = false;
        for (Box.Msg m : List.copyOf(b.messages.values())) {
            MessageMeta meta = m.meta();
            Box.Blob blob = m.blob();
            String at = where + " uid " + meta.uid();
            if (blob.content().length != meta.size()) {
                problems.add(new Problem(at, "size " + meta.size() + " but " + blob.content().length + " bytes stored",
                        repair));
                if (repair) {
                    MessageMeta fixed = new MessageMeta(meta.uid(), meta.modSeq(), meta.flags(), blob.content().length,
                            meta.internalDate());
                    b.messages.put(meta.uid(), m.withMeta(fixed, m.addedModSeq()));
                    changed = true;
                }
            }
            if (!MessageStructure.decodable(blob.structure())) {
                problems.add(new Problem(at, "MIME structure missing or unreadable", repair));
                if (repair) {
                    Box.Blob fresh = blob.reparsed();
                    Box.Msg cur = b.messages.get(meta.uid());
                    b.messages.put(meta.uid(), cur.withBlob(fresh));
                }
            }
        }
        return changed;
    }

    private static boolean counters(Box b, String where, boolean repair, List<Problem> problems) {
        long maxUid = b.messages.isEmpty() ? 0 : b.messages.lastKey();
        long maxModSeq = 0;
        for (Box.Msg m : b.messages.values()) maxModSeq = Math.max(maxModSeq, m.meta().modSeq());
        for (Box.Tombstone t : b.expunged) {
            maxUid = Math.max(maxUid, t.uid());
            maxModSeq = Math.max(maxModSeq, t.modSeq());
        }
        boolean changed = false;
        if (b.uidNext <= maxUid) {
            problems.add(new Problem(where, "uidnext " + b.uidNext + " but UID " + maxUid + " used", repair));
            if (repair) b.uidNext = maxUid + 1;
            changed = repair;
        }
        if (b.highestModSeq < maxModSeq) {
            problems.add(new Problem(where, "highestmodseq " + b.highestModSeq + " below modseq " + maxModSeq, repair));
            if (repair) b.highestModSeq = maxModSeq;
            changed |= repair;
        }
        if (b.firstRecentUid > b.uidNext) {
            problems.add(new Problem(where, "first recent UID " + b.firstRecentUid + " beyond uidnext", repair));
            if (repair) b.firstRecentUid = b.uidNext;
            changed |= repair;
        }
        return changed;
    }

}
