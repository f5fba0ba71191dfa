package satchel.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import satchel.store.Change;
import satchel.store.MessageMeta;

/**
 * What other sessions' changes do to one column version, as {@link MailboxView} takes them in: the new version,
 * and what the view must announce or remember. A function of the version, the messages whose expunge the view has
 * not announced yet, and the change list alone, so when a doorbell wakes a thousand views at the same version
 * with the same changes and nothing pending, the first one computes it and the others take it
 * ({@link SharedColumns#edited}): one copy of the touched chunk (up to 4,096 messages of five columns) per
 * doorbell instead of one per session, and no garbage to collect per session. Each view still does its own
 * numbering, \Recent, keywords and responses. Immutable.
 *
 * @param cols the version with the changes applied (flags, arrivals; expunged messages stay until announced)
 * @param arrivals new messages, in UID order
 * @param flagChanged messages held before whose flags changed, in change order (a FETCH each)
 * @param expunged messages held before that were expunged: pending until the view may announce them
 * @param flagsSeen the flags of every message taken in, in order: the keywords the view may not know yet
 * @param modSeq the highest modseq among the changes
 */
record ColumnEdit(MessageColumns cols, List<MessageMeta> arrivals, List<Long> flagChanged, List<Long> expunged,
                  List<Set<String>> flagsSeen, long modSeq) {

    /** Applies {@code changes} (modseq order, not empty) to {@code base}, given the expunges still pending. */
    static ColumnEdit of(MessageColumns base, Set<Long> pending, List<Change> changes) {
        Set<Long> expunged = new LinkedHashSet<>();
        Set<Long> flagChanged = new LinkedHashSet<>();
        List<Set<String>> flagsSeen = new ArrayList<>();
        long modSeq = 0;
        MessageColumns.Editor e = base.edit();
        // Changes come in modseq order, not UID order: a message appended and then flagged before this sync arrives
        // with its later modseq, after messages appended behind it. New messages are therefore collected and
        // appended in UID order once every change has been read.
        TreeMap<Long, MessageMeta> arrivals = new TreeMap<>();
        Set<Long> pendingNow = new HashSet<>(pending);
        for (Change c : changes) {
            switch (c) {
                case Change.Added a -> {
                    MessageMeta m = a.message();
                    if (e.contains(m.uid())) {
                        flags(base, e, m, pendingNow, flagChanged, flagsSeen);
                    } else if (!pendingNow.contains(m.uid()) && m.uid() > e.lastUid()) {
                        arrivals.put(m.uid(), m);
                    }
                }
                case Change.FlagsChanged f -> {
                    if (arrivals.containsKey(f.message().uid())) arrivals.put(f.message().uid(), f.message());
                    else flags(base, e, f.message(), pendingNow, flagChanged, flagsSeen);
                }
                case Change.Expunged x -> {
                    if (e.contains(x.uid()) && pendingNow.add(x.uid())) expunged.add(x.uid());
                    arrivals.remove(x.uid()); // came and went unseen: never numbered for this client
                }
            }
            modSeq = Math.max(modSeq, c.modSeq());
        }
        for (MessageMeta m : arrivals.values()) {
            e.put(m);
            flagsSeen.add(m.flags());
        }
        return new ColumnEdit(e.done(), List.copyOf(arrivals.values()), List.copyOf(flagChanged),
                List.copyOf(expunged), List.copyOf(flagsSeen), modSeq);
    }

    /** Takes new flags of a held message; notes it for a FETCH when they differ from what {@code base} held. */
    private static void flags(MessageColumns base, MessageColumns.Editor e, MessageMeta m, Set<Long> pending,
                              Set<Long> flagChanged, List<Set<String>> flagsSeen) {
        int before = e.flagsId(m.uid());
        if (before < 0 || pending.contains(m.uid())) return;
        e.put(m);
        if (before != base.flagSets().id(m.flags())) flagChanged.add(m.uid());
        flagsSeen.add(m.flags());
    }
}
