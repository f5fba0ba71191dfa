package satchel.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import satchel.protocol.Command.Search;
import satchel.protocol.SearchKey;
import satchel.protocol.SearchReturn;
import satchel.protocol.PartialRange;
import satchel.protocol.SearchReturn.Option;
import satchel.session.SessionState.Selected;
import satchel.store.StoreException;
import satchel.wire.Response;

/**
 * SEARCH and UID SEARCH (RFC 3501 §6.4.4), with RFC 4731 ESEARCH return options and RFC 5182 SAVE; the matching
 * itself is {@link SearchMatches}.
 */
final class SearchCommand {
    private final Env env;
    private final SearchContexts contexts;

    SearchCommand(Env env, SearchContexts contexts) {
        this.env = env;
        this.contexts = contexts;
    }

    void run(Selected state, Search cmd) throws IOException, StoreException {
        Replies out = env.out();
        // RFC 6855 §3 (and its erratum 4029): after UTF8=ACCEPT strings are UTF-8; another CHARSET conflicts.
        if (env.settings().utf8Accept() && cmd.charset().isPresent() && !cmd.charset().get().equalsIgnoreCase("UTF-8")) {
            out.bad("Only CHARSET UTF-8 after ENABLE UTF8=ACCEPT");
            return;
        }
        if (cmd.charset().isPresent() && !Set.of("UTF-8", "US-ASCII").contains(cmd.charset().get().toUpperCase(Locale.ROOT))) {
            out.no("BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset");
            // RFC 9051 §6.4.4.1: a SEARCH with SAVE that fails with NO empties "$".
            if (cmd.result() instanceof SearchReturn.Extended(Set<Option> o, var _) && o.contains(Option.SAVE)) state.view().save(Set.of());
            return;
        }
        MailboxView view = state.view();
        boolean update = cmd.result() instanceof SearchReturn.Extended(Set<Option> o, var _) && o.contains(Option.UPDATE);
        // RFC 5267 §4.3: the tag of an updating context cannot name another one.
        if (update && contexts.inUse(state, cmd.tag())) {
            out.bad("Tag " + cmd.tag() + " already names an updating search; use a new tag");
            return;
        }
        boolean byModSeq = usesModSeq(cmd.criteria());
        // RFC 7162 §3.1: the MODSEQ criterion enables CONDSTORE.
        if (byModSeq) env.enableCondstore(view);
        List<MailboxView.Entry> hits = SearchMatches.find(env, state, cmd.criteria());
        List<Long> numbers = hits.stream().map(e -> cmd.byUid() ? e.meta().uid() : (long) e.seq()).toList();
        switch (cmd.result()) {
            // RFC 9051 §6.4.4: without RETURN, an IMAP4rev2 session gets ESEARCH as if it had asked RETURN (ALL).
            case SearchReturn.Plain _ when env.settings().imap4rev2() ->
                    esearch(cmd, new SearchReturn.Extended(Set.of(Option.ALL)), view, hits, numbers, byModSeq);
            case SearchReturn.Plain _ -> {
                Response r = Response.untagged().atom("SEARCH");
                for (long n : numbers) r.number(n);
                // RFC 7162 §3.1.5: a search by MODSEQ reports the highest mod-sequence of the messages found.
                if (byModSeq && !hits.isEmpty()) r.open().atom("MODSEQ").number(highestModSeq(hits)).close();
                out.queue(r);
            }
            case SearchReturn.Extended e -> esearch(cmd, e, view, hits, numbers, byModSeq);
        }
        if (update && !contexts.search(state, cmd.tag(), cmd.byUid(), cmd.criteria(), hits, out)) {
            out.ok("Search completed, will not notify.");
            return;
        }
        out.ok("Search completed.");
    }

    /** RFC 4731 §3.1 (an empty RETURN () means ALL: {@link SearchReturn.Extended}). */
    private void esearch(Search cmd, SearchReturn.Extended how, MailboxView view, List<MailboxView.Entry> hits,
                         List<Long> numbers, boolean byModSeq) throws IOException {
        Set<Option> opts = how.options();
        // RFC 5182 §2.4 / RFC 9051 §6.4.4.1 table 4: with MIN or MAX but neither ALL nor COUNT, "$" holds just those.
        if (opts.contains(Option.SAVE)) {
            List<MailboxView.Entry> saved = how.partial().isPresent() ? savedWithPartial(opts, how.partial().get(), hits)
                    : hits.isEmpty() ? hits : returned(opts, hits);
            view.save(Set.copyOf(saved.stream().map(e -> e.meta().uid()).toList()));
        }
        if (opts.equals(Set.of(Option.SAVE)) && how.partial().isEmpty()) return;
        Response r = Response.untagged().atom("ESEARCH").raw(" (TAG ").string(cmd.tag()).raw(")");
        if (cmd.byUid()) r.atom("UID");
        if (opts.contains(Option.MIN) && !numbers.isEmpty()) r.atom("MIN").number(numbers.getFirst());
        if (opts.contains(Option.MAX) && !numbers.isEmpty()) r.atom("MAX").number(numbers.getLast());
        if (opts.contains(Option.ALL) && !numbers.isEmpty()) r.atom("ALL").raw(" " + UidSets.format(numbers));
        if (opts.contains(Option.COUNT)) r.atom("COUNT").number(numbers.size());
        how.partial().ifPresent(p -> partial(r, p, numbers));
        if (byModSeq && !hits.isEmpty()) r.atom("MODSEQ").number(highestModSeq(returned(opts, hits)));
        env.out().queue(r);
    }

    /**
     * RFC 4731 §3.2: the messages whose mod-sequence ESEARCH reports. A lone MIN or MAX: that message; MIN and
     * MAX: those two; with ALL or COUNT: every match. {@code hits} is ascending and not empty.
     */
    private static List<MailboxView.Entry> returned(Set<Option> opts, List<MailboxView.Entry> hits) {
        if (opts.contains(Option.ALL) || opts.contains(Option.COUNT)) return hits;
        List<MailboxView.Entry> out = new ArrayList<>(2);
        if (opts.contains(Option.MIN)) out.add(hits.getFirst());
        if (opts.contains(Option.MAX)) out.add(hits.getLast());
        return out.isEmpty() ? hits : out;
    }

    /**
     * RFC 9394 §3.2 (table 1): with PARTIAL, "$" holds the page returned, plus the MIN and MAX messages if those
     * were asked for; with COUNT it holds every message found.
     */
    private static List<MailboxView.Entry> savedWithPartial(Set<Option> opts, PartialRange range,
                                                            List<MailboxView.Entry> hits) {
        if (opts.contains(Option.COUNT)) return hits;
        List<MailboxView.Entry> saved = new ArrayList<>(range.slice(hits));
        if (!hits.isEmpty() && opts.contains(Option.MIN)) saved.add(hits.getFirst());
        if (!hits.isEmpty() && opts.contains(Option.MAX)) saved.add(hits.getLast());
        return saved;
    }

    /** RFC 9394 §3.1: PARTIAL (range results), results NIL when the range holds none. */
    static void partial(Response r, PartialRange range, List<Long> numbers) {
        List<Long> page = range.slice(numbers);
        r.atom("PARTIAL").raw(" (" + range.wire() + " " + (page.isEmpty() ? "NIL" : UidSets.format(page)) + ")");
    }

    private static long highestModSeq(List<MailboxView.Entry> entries) {
        return entries.stream().mapToLong(e -> e.meta().modSeq()).max().orElse(0);
    }

    static boolean usesModSeq(SearchKey k) {
        return SearchKey.any(k, x -> x instanceof SearchKey.ModSeq);
    }

    /** Text keys and SENT* dates read the stored structure; everything else is answered from the view. */
    static boolean needsStructure(SearchKey k) {
        return SearchKey.any(k, x -> SearchKey.isText(x) || x instanceof SearchKey.Date d && d.sent());
    }
}
