package satchel.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import satchel.mime.FoldedSearch;
import satchel.mime.MessageStructure;
import satchel.mime.SearchHeaders;
import satchel.protocol.SearchKey;
import satchel.store.StoreException;
import satchel.store.UserMail;

/**
 * The messages of the selected mailbox that match search criteria, in mailbox order: what SEARCH, SORT and
 * THREAD share. Text keys are first narrowed by the store's full-text index, if it has one ({@link
 * SearchPrefilter}); every candidate is then checked exactly, so results are the same with or without an index.
 */
final class SearchMatches {
    private static final int BATCH = 500;

    private SearchMatches() {}

    static List<MailboxView.Entry> find(Env env, SessionState.Selected state, SearchKey criteria)
            throws StoreException {
        MailboxView view = state.view();
        List<MailboxView.Entry> entries = view.entries();
        if (criteria instanceof SearchKey.All) return entries; // what SORT and THREAD of a whole mailbox ask
        long maxUid = entries.isEmpty() ? 0 : entries.getLast().meta().uid();
        return among(env, state, criteria, entries, new SearchEvaluator.Context(entries.size(), maxUid, view.saved()));
    }

    /**
     * Those of {@code entries} (some messages of the selected mailbox, ascending) that match; {@code ctx} gives "*"
     * and "$" their meaning in the whole mailbox. What an updating context (RFC 5267 §4.3) asks of changed messages.
     */
    static List<MailboxView.Entry> among(Env env, SessionState.Selected state, SearchKey criteria,
                                         List<MailboxView.Entry> entries, SearchEvaluator.Context ctx)
            throws StoreException {
        MailboxView view = state.view();
        boolean structures = SearchCommand.needsStructure(criteria);
        boolean text = SearchPrefilter.mentionsText(criteria);
        boolean bodyText = SearchKey.any(criteria, k -> k instanceof SearchKey.Body || k instanceof SearchKey.Text);
        boolean objects = ObjectSearch.needsObjects(criteria);
        boolean headerRows = structures && !bodyText && onlySearchHeaders(criteria);
        UserMail mail = state.user().mail();
        List<SearchKey> viewKeys = structures || objects ? viewKeys(criteria) : List.of();
        // Keys the view answers that no message meets (UNSEEN where all are seen) settle it before any read; else
        // the walk stops at the first message that meets them.
        if (!viewKeys.isEmpty() && viewMatches(mail, view, viewKeys, entries, ctx, 1).isEmpty()) return List.of();
        Map<Long, FoldedSearch> known = Map.of();
        if (text) {
            // Rows come with the candidates unless keys the view answers may leave most of them out (UNSEEN SUBJECT
            // x): then only those left are read, by batch.
            SearchPrefilter prefilter = new SearchPrefilter(mail, view.info().id(), headerRows && viewKeys.isEmpty()
                    ? SearchPrefilter.Rows.WITH_HEADERS : SearchPrefilter.Rows.WITHOUT);
            Optional<Set<Long>> candidates = prefilter.candidates(criteria);
            if (candidates.isPresent()) {
                entries = only(entries, candidates.get());
                known = prefilter.headerRows();
            }
        }
        if (!viewKeys.isEmpty()) entries = viewMatches(mail, view, viewKeys, entries, ctx, Integer.MAX_VALUE);
        List<MailboxView.Entry> hits = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += BATCH) {
            List<MailboxView.Entry> batch = entries.subList(from, Math.min(entries.size(), from + BATCH));
            List<Long> uids = batch.stream().map(e -> e.meta().uid()).toList();
            // Only BODY and TEXT need the decoded body text, HEADER keys the header fields; SENT* keys make do with
            // the structure.
            // Keys on Subject/From/To/Cc/Bcc alone read the small row of those fields (most came with the
            // candidates); messages without one (kept in part, or expunged) take the structure path.
            Map<Long, FoldedSearch> rows = headerRows ? rows(mail, view, known, uids) : Map.of();
            List<Long> rest = rows.isEmpty() ? uids : uids.stream().filter(u -> !rows.containsKey(u)).toList();
            Map<Long, MessageStructure> structs = !structures || rest.isEmpty() ? Map.of()
                    : bodyText ? mail.structures(view.info().id(), rest)
                    : text ? mail.headerStructures(view.info().id(), rest) : mail.fetchStructures(view.info().id(), rest);
            Map<Long, satchel.store.MessageObjects> objs = objects ? ObjectData.forSearch(mail, view.info().id(), uids)
                    : Map.of();
            for (MailboxView.Entry e : batch) {
                // A huge header kept only in part is searched in the body itself: read under the memory budget.
                try (var m = new LoadedMessage(e, mail, view.info().id(), structs.get(e.meta().uid()),
                        env.config().messageMemory()).withObjects(objs.get(e.meta().uid()))
                        .withSearchHeaders(rows.get(e.meta().uid()))) {
                    if (SearchEvaluator.matches(criteria, m, ctx)) hits.add(e);
                } catch (LoadedMessage.Gone g) {
                    // Expunged meanwhile, it matches nothing; any other failure (the database unreachable) fails the
                    // command, or SEARCH would answer OK without a message that is still there (RFC 5530 UNAVAILABLE).
                    if (!g.expunged()) throw g.reason();
                }
            }
        }
        return hits;
    }

    /** Those of {@code entries} whose UID is a candidate; a view's selection is walked without an entry each. */
    private static List<MailboxView.Entry> only(List<MailboxView.Entry> entries, Set<Long> candidates) {
        if (entries instanceof Selection s) return s.withUids(candidates);
        return entries.stream().filter(e -> candidates.contains(e.meta().uid())).toList();
    }

    /**
     * The rows of a batch: those read with the candidates, and the store's for the others (expunged ones still
     * shown, or all of them where the store read none with the candidates).
     */
    private static Map<Long, FoldedSearch> rows(UserMail mail, MailboxView view, Map<Long, FoldedSearch> known,
                                                List<Long> uids) throws StoreException {
        List<Long> unknown = known.isEmpty() ? uids : uids.stream().filter(u -> !known.containsKey(u)).toList();
        if (unknown.isEmpty()) return known;
        Map<Long, FoldedSearch> read = mail.searchHeaders(view.info().id(), unknown);
        if (known.isEmpty()) return read;
        Map<Long, FoldedSearch> out = new HashMap<>(read);
        for (long u : uids) {
            FoldedSearch r = known.get(u);
            if (r != null) out.put(u, r);
        }
        return out;
    }

    /**
     * Of a conjunction, the keys the view alone answers (flags, sizes, internal dates, UIDs, modseqs) are checked
     * first, so that `UNSEEN SUBJECT x` reads nothing for the messages already seen (at most {@code limit} found).
     * An AND matches only where all its keys do, in any order: the answer is the same.
     */
    private static List<MailboxView.Entry> viewMatches(UserMail mail, MailboxView view, List<SearchKey> cheap,
                                                       List<MailboxView.Entry> entries, SearchEvaluator.Context ctx,
                                                       int limit) {
        SearchKey first = cheap.size() == 1 ? cheap.getFirst() : new SearchKey.And(cheap);
        List<MailboxView.Entry> out = new ArrayList<>();
        for (MailboxView.Entry e : entries) {
            if (out.size() >= limit) break;
            // No structure, objects or body: these keys never ask for them.
            if (SearchEvaluator.matches(first, new LoadedMessage(e, mail, view.info().id(), null), ctx)) out.add(e);
        }
        return out;
    }

    /** The keys of a conjunction that need nothing from the store (none if the criteria are not one). */
    private static List<SearchKey> viewKeys(SearchKey criteria) {
        if (!(criteria instanceof SearchKey.And and)) return List.of();
        return and.keys().stream().filter(k -> !SearchCommand.needsStructure(k) && !ObjectSearch.needsObjects(k))
                .toList();
    }

    /**
     * Whether every key that needs the structure is a HEADER key the {@link SearchHeaders} row covers (no SENT*
     * date, no other header field): then the row alone decides the text keys.
     */
    static boolean onlySearchHeaders(SearchKey criteria) {
        return !SearchKey.any(criteria, k -> k instanceof SearchKey.Header h ? !SearchHeaders.covers(h.field())
                : SearchKey.isText(k) || k instanceof SearchKey.Date d && d.sent());
    }
}
