package satchel.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import satchel.mime.FoldedSearch;
import satchel.protocol.SearchKey;
import satchel.store.MailboxId;
import satchel.store.StoreException;
import satchel.store.TextCandidates;
import satchel.store.TextQuery;
import satchel.store.UserMail;

/**
 * Narrows a SEARCH to the messages the store's full-text index says may match its text keys: text terms of a
 * conjunction go to the store together, OR unions two narrowed sides, NOT and every other key narrow nothing.
 * The result is a superset of the matches; {@link SearchEvaluator} still decides each candidate.
 */
final class SearchPrefilter {
    private final UserMail mail;
    private final MailboxId mailbox;
    private final Rows rows;
    private Map<Long, FoldedSearch> headerRows = Map.of();

    /** Whether the store is also asked for the candidates' {@link satchel.mime.SearchHeaders} rows. */
    enum Rows { WITHOUT, WITH_HEADERS }

    SearchPrefilter(UserMail mail, MailboxId mailbox, Rows rows) {
        this.mail = mail;
        this.mailbox = mailbox;
        this.rows = rows;
    }

    /**
     * The header rows the store read with the candidates ({@link Rows#WITH_HEADERS}), by UID; a candidate without
     * one may still have a row ({@link UserMail#searchHeaders} says).
     */
    Map<Long, FoldedSearch> headerRows() {
        return headerRows;
    }

    /** UIDs that may match {@code key}; empty if nothing narrows it (every message is a candidate). */
    Optional<Set<Long>> candidates(SearchKey key) throws StoreException {
        return switch (key) {
            case SearchKey.Header _, SearchKey.Body _, SearchKey.Text _ -> ask(List.of(term(key)));
            case SearchKey.And a -> and(a.keys());
            case SearchKey.Or o -> {
                Optional<Set<Long>> x = candidates(o.a());
                if (x.isEmpty()) yield x;
                Optional<Set<Long>> y = candidates(o.b());
                if (y.isEmpty()) yield y;
                Set<Long> union = new HashSet<>(x.get());
                union.addAll(y.get());
                yield Optional.of(union);
            }
            case SearchKey.All _, SearchKey.Flag _, SearchKey.Recent _, SearchKey.New _, SearchKey.Old _,
                 SearchKey.Date _, SearchKey.Larger _, SearchKey.Smaller _, SearchKey.Not _, SearchKey.Sequence _,
                 SearchKey.ModSeq _, SearchKey.Within _, SearchKey.ObjectKey _ -> Optional.empty();
        };
    }

    private Optional<Set<Long>> and(List<SearchKey> keys) throws StoreException {
        List<TextQuery> terms = new ArrayList<>();
        List<Set<Long>> narrowed = new ArrayList<>();
        for (SearchKey k : keys) {
            if (k instanceof SearchKey.Header || k instanceof SearchKey.Body || k instanceof SearchKey.Text) {
                terms.add(term(k));
            } else if (mentionsText(k)) {
                candidates(k).ifPresent(narrowed::add);
            }
        }
        if (!terms.isEmpty()) ask(terms).ifPresent(narrowed::add);
        if (narrowed.isEmpty()) return Optional.empty();
        narrowed.sort((p, q) -> Integer.compare(p.size(), q.size()));
        Set<Long> out = new HashSet<>(narrowed.getFirst());
        for (Set<Long> s : narrowed.subList(1, narrowed.size())) out.retainAll(s);
        return Optional.of(out);
    }

    private Optional<Set<Long>> ask(List<TextQuery> terms) throws StoreException {
        if (rows == Rows.WITHOUT) return mail.textCandidates(mailbox, terms);
        Optional<TextCandidates> found = mail.headerCandidates(mailbox, terms);
        // A blob's row never changes: one read in any of the calls serves a candidate of the final set.
        if (found.isPresent() && !found.get().headerRows().isEmpty()) {
            if (headerRows.isEmpty()) {
                headerRows = found.get().headerRows();
            } else {
                Map<Long, FoldedSearch> both = new HashMap<>(headerRows);
                both.putAll(found.get().headerRows());
                headerRows = both;
            }
        }
        return found.map(TextCandidates::uids);
    }

    private static TextQuery term(SearchKey k) {
        return switch (k) {
            case SearchKey.Header h -> TextQuery.header(h.field(), h.value());
            case SearchKey.Body b -> TextQuery.body(b.text());
            case SearchKey.Text t -> TextQuery.text(t.text());
            default -> throw new IllegalArgumentException("not a text key: " + k);
        };
    }

    /** Whether {@code k} has a HEADER, BODY or TEXT key anywhere (only those can be narrowed by an index). */
    static boolean mentionsText(SearchKey k) {
        return SearchKey.any(k, SearchKey::isText);
    }
}
