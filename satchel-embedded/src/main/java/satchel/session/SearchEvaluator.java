package satchel.session;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import satchel.protocol.SearchKey;

/**
 * Evaluates RFC 3501 §6.4.4 search keys against one message. Text keys match case-insensitively (Unicode case
 * folding on both sides) as substrings of decoded text: RFC 2047 headers, transfer- and charset-decoded bodies.
 * BEFORE/ON/SINCE compare the internal date's UTC calendar date (the zone INTERNALDATE is rendered in);
 * SENTBEFORE/SENTON/SENTSINCE the Date header's own date with its zone ignored, falling back to the internal
 * date when the header is missing or unreadable. RFC 5032 OLDER/YOUNGER compare the exact internal date with
 * the context's "now".
 */
public final class SearchEvaluator {
    /**
     * {@code maxSeq}/{@code maxUid} give {@code *} its meaning; {@code saved} is the RFC 5182 "$" result (UIDs),
     * may be empty; {@code now} is the one instant OLDER/YOUNGER measure from, so a whole SEARCH agrees with itself.
     */
    public record Context(long maxSeq, long maxUid, java.util.Set<Long> saved, Instant now) {
        public Context(long maxSeq, long maxUid, java.util.Set<Long> saved) {
            this(maxSeq, maxUid, saved, Instant.now());
        }
    }

    private SearchEvaluator() {}

    public static boolean matches(SearchKey key, MessageData m, Context ctx) {
        return switch (key) {
            case SearchKey.All _ -> true;
            case SearchKey.Flag f -> hasFlag(m, f.flag()) == f.set();
            case SearchKey.Recent _ -> m.recent();
            case SearchKey.New _ -> m.recent() && !hasFlag(m, "\\Seen");
            case SearchKey.Old _ -> !m.recent();
            case SearchKey.Header h -> SearchText.header(m, h.field(), h.value());
            case SearchKey.Body b -> SearchText.body(m, b.text());
            case SearchKey.Text t -> SearchText.text(m, t.text());
            case SearchKey.Date d -> date(d, m);
            case SearchKey.Larger l -> m.size() > l.size();
            case SearchKey.Smaller s -> m.size() < s.size();
            case SearchKey.Not n -> !matches(n.key(), m, ctx);
            case SearchKey.Or o -> matches(o.a(), m, ctx) || matches(o.b(), m, ctx);
            case SearchKey.And a -> a.keys().stream().allMatch(k -> matches(k, m, ctx));
            case SearchKey.Sequence s -> sequence(s, m, ctx);
            case SearchKey.ModSeq ms -> m.modSeq() >= ms.modSeq();
            case SearchKey.Within w -> within(w, m, ctx.now());
            case SearchKey.ObjectKey o -> ObjectSearch.matches(o, m);
        };
    }

    /** Flags and keywords compare case-insensitively (RFC 3501 §2.3.2 treats flag names that way). */
    private static boolean hasFlag(MessageData m, String flag) {
        for (String f : m.flags()) if (f.equalsIgnoreCase(flag)) return true;
        return false;
    }

    private static boolean sequence(SearchKey.Sequence s, MessageData m, Context ctx) {
        // "$" holds UIDs (RFC 5182 §2.1) whether it appears as a sequence set or after UID
        if (s.set().saved()) return ctx.saved() != null && ctx.saved().contains(m.uid());
        return s.byUid() ? s.set().contains(m.uid(), ctx.maxUid()) : s.set().contains(m.seq(), ctx.maxSeq());
    }

    /**
     * RFC 5032 §3: YOUNGER n is an internal date after now - n; OLDER n is every other message, so that OLDER n
     * and YOUNGER n split the mailbox with neither overlap nor gap (a message exactly n seconds old is OLDER).
     */
    private static boolean within(SearchKey.Within w, MessageData m, Instant now) {
        boolean younger = m.internalDate().isAfter(now.minusSeconds(w.seconds()));
        return w.older() != younger;
    }

    private static boolean date(SearchKey.Date d, MessageData m) {
        LocalDate internal = LocalDate.ofInstant(m.internalDate(), ZoneOffset.UTC);
        LocalDate day = d.sent() ? m.structure().sentDate().orElse(internal) : internal;
        return switch (d.op()) {
            case BEFORE -> day.isBefore(d.date());
            case ON -> day.isEqual(d.date());
            case SINCE -> !day.isBefore(d.date());
        };
    }
}
