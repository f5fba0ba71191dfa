package satchel.session;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import satchel.mime.Casemap;
import satchel.mime.SortFields;
import satchel.protocol.Command.Sort;
import satchel.protocol.Command.SortReturn;
import satchel.protocol.SearchKey;
import satchel.protocol.SortCriterion;
import satchel.session.SessionState.Selected;
import satchel.store.StoreException;
import satchel.wire.Response;

/**
 * SORT and UID SORT (RFC 5256 §3) with the RFC 5957 DISPLAYFROM/DISPLAYTO keys, answered as SORT or, with
 * RETURN, as ESEARCH (RFC 5267 §3 ESORT). Matching is SEARCH's ({@link SearchMatches}); the keys come from
 * {@link SortKeyCache}, computed when each message was stored. Equal keys keep mailbox order (§3: an implicit
 * final "sequence number" criterion that REVERSE does not turn round).
 */
final class SortCommand {
    private final Env env;
    private final SearchContexts contexts;

    SortCommand(Env env, SearchContexts contexts) {
        this.env = env;
        this.contexts = contexts;
    }

    /**
     * One message with its keys, as SORT and THREAD compare it. Dates compare in whole seconds, the resolution of
     * INTERNALDATE and of the Date field: a finer internal date would order messages differently from what the
     * client sees (two APPENDs in one second tie, and the tie goes to mailbox order, as in Dovecot).
     */
    record Row(MailboxView.Entry entry, SortFields fields) {
        /** RFC 5256 §2.2: the Date field's instant, or the internal date when there is none; epoch seconds. */
        long sentSeconds() {
            Instant sent = fields.sent();
            return (sent != null ? sent : entry.meta().internalDate()).getEpochSecond();
        }

        long arrivalSeconds() { return entry.meta().internalDate().getEpochSecond(); }
    }

    void run(Selected state, Sort cmd) throws IOException, StoreException {
        Replies out = env.out();
        if (!supportedCharset(cmd.charset())) {
            out.no("BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset " + cmd.charset());
            return;
        }
        boolean update = cmd.returns() instanceof SortReturn.Esearch e && e.options().contains(SortReturn.Option.UPDATE);
        // RFC 5267 §4.3: the tag of an updating context cannot name another one.
        if (update && contexts.inUse(state, cmd.tag())) {
            out.bad("Tag " + cmd.tag() + " already names an updating sort; use a new tag");
            return;
        }
        boolean byModSeq = SearchCommand.usesModSeq(cmd.criteria());
        if (byModSeq) env.enableCondstore(state.view()); // RFC 7162 §3.1
        List<Row> rows = rows(env, state, cmd.criteria());
        rows.sort(comparator(cmd.program()));
        List<Long> numbers = rows.stream().map(r -> cmd.byUid() ? r.entry().meta().uid() : (long) r.entry().seq()).toList();
        long modSeq = rows.stream().mapToLong(r -> r.entry().meta().modSeq()).max().orElse(0);
        switch (cmd.returns()) {
            case SortReturn.Plain _ -> {
                Response r = Response.untagged().atom("SORT");
                for (long n : numbers) r.number(n);
                // RFC 7162 §3.1.5: a search by MODSEQ reports the highest mod-sequence of the messages found
                if (byModSeq && !rows.isEmpty()) r.open().atom("MODSEQ").number(modSeq).close();
                out.queue(r);
            }
            case SortReturn.Esearch e -> out.queue(esearch(cmd, e, numbers, byModSeq ? modSeq : 0));
        }
        if (update && !contexts.sort(state, cmd.tag(), cmd.byUid(), cmd.criteria(), cmd.program(), rows, out)) {
            out.ok("Sort completed, will not notify.");
            return;
        }
        out.ok("Sort completed.");
    }

    /**
     * RFC 5267 §3.2: MIN and MAX are the first and last message in sort order, ALL lists them in sort order
     * (only ascending runs collapse into ranges, so the order survives), COUNT counts them.
     */
    private static Response esearch(Sort cmd, SortReturn.Esearch how, List<Long> numbers, long modSeq) {
        Set<SortReturn.Option> opts = how.options();
        Response r = Response.untagged().atom("ESEARCH").raw(" (TAG ").string(cmd.tag()).raw(")");
        if (cmd.byUid()) r.atom("UID");
        if (!numbers.isEmpty()) {
            if (opts.contains(SortReturn.Option.MIN)) r.atom("MIN").number(numbers.getFirst());
            if (opts.contains(SortReturn.Option.MAX)) r.atom("MAX").number(numbers.getLast());
            if (opts.contains(SortReturn.Option.ALL)) r.atom("ALL").raw(" " + UidSets.format(numbers));
        }
        if (opts.contains(SortReturn.Option.COUNT)) r.atom("COUNT").number(numbers.size());
        // RFC 9394 §3.1: the page is taken in sort order, and listed in it.
        how.partial().ifPresent(p -> SearchCommand.partial(r, p, numbers));
        if (modSeq > 0) r.atom("MODSEQ").number(modSeq);
        return r;
    }

    /** RFC 5256 §3: US-ASCII and UTF-8 must be supported; we decode nothing else. */
    static boolean supportedCharset(String charset) {
        return Set.of("UTF-8", "US-ASCII").contains(charset.toUpperCase(Locale.ROOT));
    }

    /** The matching messages in mailbox order with their keys; one expunged meanwhile is left out. */
    static List<Row> rows(Env env, Selected state, SearchKey criteria) throws StoreException {
        return rowsOf(env, state, SearchMatches.find(env, state, criteria));
    }

    /** {@code hits} (ascending) with their keys; one expunged meanwhile is left out. */
    static List<Row> rowsOf(Env env, Selected state, List<MailboxView.Entry> hits) throws StoreException {
        List<Long> wanted = hits.stream().map(e -> e.meta().uid()).toList();
        List<Long> live = state.view().entries().stream().map(e -> e.meta().uid()).toList();
        Map<Long, SortFields> keys = SortKeyCache.of(env.store()).fields(state.user(), state.view(), wanted, live);
        List<Row> rows = new ArrayList<>(hits.size());
        for (MailboxView.Entry e : hits) {
            SortFields f = keys.get(e.meta().uid());
            if (f != null) rows.add(new Row(e, f));
        }
        return rows;
    }

    static Comparator<Row> comparator(List<SortCriterion> program) {
        Comparator<Row> c = null;
        for (SortCriterion k : program) {
            Comparator<Row> one = key(k.key());
            if (k.reverse()) one = one.reversed();
            c = c == null ? one : c.thenComparing(one);
        }
        // Mailbox order is UID order; unlike sequence numbers, UIDs stay valid in a result kept for updates.
        Comparator<Row> byUid = Comparator.comparingLong(r -> r.entry().meta().uid());
        return c == null ? byUid : c.thenComparing(byUid);
    }

    private static Comparator<Row> key(SortCriterion.Key key) {
        return switch (key) {
            case ARRIVAL -> Comparator.comparingLong(Row::arrivalSeconds);
            case SIZE -> Comparator.comparingLong(r -> r.entry().meta().size());
            case DATE -> Comparator.comparingLong(Row::sentSeconds);
            case SUBJECT -> strings(SortFields::subject);
            case FROM -> strings(SortFields::from);
            case TO -> strings(SortFields::to);
            case CC -> strings(SortFields::cc);
            case DISPLAYFROM -> strings(SortFields::displayFrom);
            case DISPLAYTO -> strings(SortFields::displayTo);
        };
    }

    private static Comparator<Row> strings(java.util.function.Function<SortFields, String> field) {
        return (a, b) -> Casemap.compare(field.apply(a.fields()), field.apply(b.fields()));
    }
}
