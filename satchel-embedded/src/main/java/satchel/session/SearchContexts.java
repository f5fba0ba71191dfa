package satchel.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import satchel.protocol.SearchKey;
import satchel.protocol.SequenceSet;
import satchel.protocol.SortCriterion;
import satchel.session.SessionState.Selected;
import satchel.store.StoreException;
import satchel.wire.Response;

/**
 * The updating contexts of one session (RFC 5267 §4.3, CONTEXT=SEARCH and CONTEXT=SORT): SEARCH and SORT results
 * opened with RETURN (UPDATE), kept as UIDs and told of every change the client is told of, through {@link
 * MailboxView.Listener}. A change to membership goes out as an untagged ESEARCH with REMOVEFROM, sent before the
 * EXPUNGE that causes it (§4.3.4), or ADDTO, sent after the EXISTS or FETCH (§4.3.3), so the message numbers in
 * them are those the client holds at that moment. A SEARCH context gives position 0 and its updates in mailbox
 * order (§4.3.3 allows it); a SORT context gives the positions of each run in the sorted result.
 *
 * <p>Only changed messages are evaluated again, unless the criteria depend on where a message stands in the
 * mailbox (message numbers, "*", "$"): then the whole search runs again on each change. A session without
 * contexts registers no listener and pays nothing. Contexts end with the selection (§4.3) or CANCELUPDATE.
 * Thread-safety: the listener runs under the view's lock on whichever thread syncs (the command thread, or the
 * IDLE notifier); the other methods run on the command thread and never take the view's lock while holding this
 * object's.
 */
final class SearchContexts implements MailboxView.Listener {
    /** §4.3.1: at least one per client, "SHOULD provide more"; past this many, NO [NOUPDATE]. */
    static final int LIMIT = 10;

    private final Env env;
    private Selected state; // the selection the contexts belong to
    private final Map<String, Context> byTag = new LinkedHashMap<>();

    /**
     * One context: UIDs in result order (ascending for SEARCH; sort order for SORT, with each row's keys kept to
     * place new results).
     */
    private static final class Context {
        final String tag;
        final boolean byUid;
        final SearchKey criteria;
        final Optional<Comparator<SortCommand.Row>> order;
        final boolean positional;
        final List<Long> result = new ArrayList<>();
        final Map<Long, SortCommand.Row> rows = new HashMap<>();

        Context(String tag, boolean byUid, SearchKey criteria, Optional<Comparator<SortCommand.Row>> order) {
            this.tag = tag;
            this.byUid = byUid;
            this.criteria = criteria;
            this.order = order;
            this.positional = SearchKey.any(criteria, k -> k instanceof SearchKey.Sequence s
                    && (!s.byUid() || s.set().saved() || s.set().ranges().stream().anyMatch(
                            r -> r.lo() == SequenceSet.STAR || r.hi() == SequenceSet.STAR)));
        }
    }

    SearchContexts(Env env) {
        this.env = env;
    }

    /** Whether {@code tag} already names an updating context of this selection (§4.3: UPDATE then is BAD). */
    synchronized boolean inUse(Selected selected, String tag) {
        return current(selected) && byTag.containsKey(tag);
    }

    /** Opens a SEARCH context on {@code hits} (ascending); false (NOUPDATE sent) if there are too many. */
    boolean search(Selected selected, String tag, boolean byUid, SearchKey criteria, List<MailboxView.Entry> hits,
                   Replies out) throws IOException {
        Context c = new Context(tag, byUid, criteria, Optional.empty());
        for (MailboxView.Entry e : hits) c.result.add(e.meta().uid());
        return open(selected, c, out);
    }

    /** Opens a SORT context on {@code rows} (sorted by {@code order}); false (NOUPDATE sent) if there are too many. */
    boolean sort(Selected selected, String tag, boolean byUid, SearchKey criteria, List<SortCriterion> program,
                 List<SortCommand.Row> rows, Replies out) throws IOException {
        Context c = new Context(tag, byUid, criteria, Optional.of(SortCommand.comparator(program)));
        for (SortCommand.Row r : rows) {
            c.result.add(r.entry().meta().uid());
            c.rows.put(r.entry().meta().uid(), r);
        }
        return open(selected, c, out);
    }

    private boolean open(Selected selected, Context c, Replies out) throws IOException {
        boolean listen;
        synchronized (this) {
            listen = !current(selected);
            if (listen) {
                byTag.clear();
                state = selected;
            }
            if (byTag.size() >= LIMIT) {
                // §4.3.1: an untagged NO names the refused context; the command's other results still stand.
                out.queue(Response.untagged().atom("NO").code("NOUPDATE \"" + c.tag + "\"") // a tag holds no '"' nor '\\' (ATOM-CHAR)
                        .text("Too many updating contexts (" + LIMIT + "); CANCELUPDATE one first"));
                return false;
            }
            byTag.put(c.tag, c);
        }
        if (listen) selected.view().listen(this);
        return true;
    }

    /** CANCELUPDATE (§4.3.5): all of {@code tags} or, if one names no context, none (false). */
    synchronized boolean cancel(Selected selected, List<String> tags) {
        if (!current(selected) || !byTag.keySet().containsAll(tags)) return false;
        byTag.keySet().removeAll(tags);
        return true;
    }

    private boolean current(Selected selected) {
        return state != null && state.view() == selected.view();
    }

    @Override public synchronized void expunging(List<Long> uids, Replies out) throws IOException {
        if (uids.isEmpty()) return;
        Set<Long> gone = new HashSet<>(uids);
        for (Context c : byTag.values()) remove(c, gone, out);
    }

    @Override public synchronized void changed(Set<Long> uids, Replies out) throws IOException {
        if (byTag.isEmpty()) return;
        try {
            List<MailboxView.Entry> touched = null;
            for (Context c : byTag.values()) {
                Set<Long> now;
                Set<Long> considered;
                if (c.positional) {
                    now = uidsOf(SearchMatches.find(env, state, c.criteria));
                    considered = null; // everything
                } else {
                    if (touched == null) touched = entries(uids);
                    var view = state.view();
                    var ctx = new SearchEvaluator.Context(view.size(), view.uidNext() - 1, view.saved());
                    now = uidsOf(SearchMatches.among(env, state, c.criteria, touched, ctx));
                    considered = uids;
                }
                // Only the changed messages are looked up, so a large result costs nothing per change.
                Set<Long> gone = new HashSet<>();
                if (considered == null) {
                    for (long uid : c.result) if (!now.contains(uid)) gone.add(uid);
                } else {
                    for (long uid : considered) if (holds(c, uid) && !now.contains(uid)) gone.add(uid);
                }
                remove(c, gone, out);
                List<Long> added = now.stream().filter(u -> !holds(c, u)).sorted().toList();
                add(c, added, out);
            }
        } catch (StoreException e) {
            // The mailbox may be gone; the contexts end with the selection, and the client hears of that anyway.
        }
    }

    /** Whether the result has {@code uid}: a SEARCH result is ascending, a SORT one has its rows by UID. */
    private static boolean holds(Context c, long uid) {
        return c.order.isEmpty() ? java.util.Collections.binarySearch(c.result, uid) >= 0 : c.rows.containsKey(uid);
    }

    /** The entries of those {@code uids} still in the view, ascending. */
    private List<MailboxView.Entry> entries(Set<Long> uids) {
        List<SequenceSet.Range> ranges = uids.stream().sorted().map(u -> new SequenceSet.Range(u, u)).toList();
        if (ranges.isEmpty()) return List.of();
        try {
            return state.view().resolve(SequenceSet.of(ranges), true);
        } catch (MailboxView.BadSequence e) {
            throw new IllegalStateException("UID sets never fail to resolve", e);
        }
    }

    private static Set<Long> uidsOf(List<MailboxView.Entry> entries) {
        Set<Long> out = new HashSet<>(entries.size() * 2);
        for (MailboxView.Entry e : entries) out.add(e.meta().uid());
        return out;
    }

    /** REMOVEFROM for those of {@code gone} in the result (§4.3.4); the result loses them. */
    private void remove(Context c, Set<Long> gone, Replies out) throws IOException {
        if (gone.isEmpty()) return;
        List<String> pairs = new ArrayList<>();
        if (c.order.isEmpty()) {
            List<Long> run = c.result.stream().filter(gone::contains).toList();
            if (run.isEmpty()) return;
            pairs.add("0 " + numbers(c, run));
        } else {
            // Runs of consecutive positions, each at its position once the runs before it are removed.
            int removedBefore = 0;
            List<Long> run = new ArrayList<>();
            int runStart = 0;
            for (int i = 0; i <= c.result.size(); i++) {
                boolean goes = i < c.result.size() && gone.contains(c.result.get(i));
                if (goes) {
                    if (run.isEmpty()) runStart = i - removedBefore + 1;
                    run.add(c.result.get(i));
                } else if (!run.isEmpty()) {
                    pairs.add(runStart + " " + numbers(c, run));
                    removedBefore += run.size();
                    run = new ArrayList<>();
                }
            }
            if (pairs.isEmpty()) return;
        }
        c.result.removeIf(gone::contains);
        c.rows.keySet().removeAll(gone);
        out.queue(update(c, "REMOVEFROM", pairs));
    }

    /** ADDTO for {@code added} (ascending UIDs, not in the result yet), §4.3.3. */
    private void add(Context c, List<Long> added, Replies out) throws IOException, StoreException {
        if (added.isEmpty()) return;
        List<String> pairs = new ArrayList<>();
        if (c.order.isEmpty()) {
            c.result.addAll(added);
            c.result.sort(null);
            pairs.add("0 " + numbers(c, added));
        } else {
            Comparator<SortCommand.Row> order = c.order.get();
            Set<Long> isNew = new HashSet<>();
            for (SortCommand.Row row : SortCommand.rowsOf(env, state, entries(new HashSet<>(added)))) {
                long uid = row.entry().meta().uid();
                int at = insertionPoint(c, row, order);
                c.result.add(at, uid);
                c.rows.put(uid, row);
                isNew.add(uid);
            }
            // Runs of new results in the final order: inserting them in ascending position order, each lands there.
            List<Long> run = new ArrayList<>();
            int runStart = 0;
            for (int i = 0; i <= c.result.size(); i++) {
                if (i < c.result.size() && isNew.contains(c.result.get(i))) {
                    if (run.isEmpty()) runStart = i + 1;
                    run.add(c.result.get(i));
                } else if (!run.isEmpty()) {
                    pairs.add(runStart + " " + numbers(c, run));
                    run = new ArrayList<>();
                }
            }
            if (pairs.isEmpty()) return;
        }
        out.queue(update(c, "ADDTO", pairs));
    }

    private static int insertionPoint(Context c, SortCommand.Row row, Comparator<SortCommand.Row> order) {
        int lo = 0, hi = c.result.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (order.compare(c.rows.get(c.result.get(mid)), row) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** §4.3.2: UIDs for UID SEARCH / UID SORT, else message numbers as the client holds them now. */
    private String numbers(Context c, List<Long> uids) {
        if (c.byUid) return UidSets.format(uids);
        List<Long> seqs = new ArrayList<>(uids.size());
        for (long uid : uids) seqs.add((long) state.view().seqOf(uid));
        return UidSets.format(seqs);
    }

    private static Response update(Context c, String item, List<String> pairs) {
        Response r = Response.untagged().atom("ESEARCH").raw(" (TAG ").string(c.tag).raw(")");
        if (c.byUid) r.atom("UID");
        return r.atom(item).raw(" (" + String.join(" ", pairs) + ")");
    }
}
