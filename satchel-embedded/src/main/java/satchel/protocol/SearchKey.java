package satchel.protocol;

import java.time.LocalDate;
import java.util.List;

/** One RFC 3501 §6.4.4 search key (plus RFC 7162 MODSEQ); {@link And} is a parenthesised group or the top level. */
public sealed interface SearchKey {
    /** Whether some key in the tree under {@code key} (NOT, OR and groups looked through) satisfies {@code test}. */
    static boolean any(SearchKey key, java.util.function.Predicate<SearchKey> test) {
        return switch (key) {
            case Not n -> any(n.key(), test);
            case Or o -> any(o.a(), test) || any(o.b(), test);
            case And a -> a.keys().stream().anyMatch(k -> any(k, test));
            case All _, Flag _, Recent _, New _, Old _, Header _, Body _, Text _, Date _, Larger _, Smaller _,
                 Sequence _, ModSeq _, Within _, ObjectKey _ -> test.test(key);
        };
    }

    /** HEADER (and BCC/CC/FROM/TO/SUBJECT), BODY and TEXT: the keys that read message text. */
    static boolean isText(SearchKey key) {
        return key instanceof Header || key instanceof Body || key instanceof Text;
    }

    record All() implements SearchKey {}
    /** ANSWERED, DELETED, DRAFT, FLAGGED, SEEN and KEYWORD x; {@code set=false} for the UN- forms. */
    record Flag(String flag, boolean set) implements SearchKey {}
    record Recent() implements SearchKey {}
    record New() implements SearchKey {}
    record Old() implements SearchKey {}
    /** BCC, CC, FROM, TO, SUBJECT map to header names; HEADER field string. Empty value matches any message with the field. */
    record Header(String field, String value) implements SearchKey {}
    record Body(String text) implements SearchKey {}
    record Text(String text) implements SearchKey {}
    enum DateOp { BEFORE, ON, SINCE }
    /** BEFORE/ON/SINCE use the internal date; SENTBEFORE/SENTON/SENTSINCE the Date header ({@code sent}). */
    record Date(DateOp op, LocalDate date, boolean sent) implements SearchKey {}
    record Larger(long size) implements SearchKey {}
    record Smaller(long size) implements SearchKey {}
    record Not(SearchKey key) implements SearchKey {}
    record Or(SearchKey a, SearchKey b) implements SearchKey {}
    record And(List<SearchKey> keys) implements SearchKey {
        public And { keys = List.copyOf(keys); }
    }
    /** A bare sequence set (sequence numbers) or UID set. */
    record Sequence(SequenceSet set, boolean byUid) implements SearchKey {}
    /** RFC 7162 §3.1.5 MODSEQ (entry attributes are parsed and ignored). */
    record ModSeq(long modSeq) implements SearchKey {}
    /** RFC 5032 OLDER ({@code older}) or YOUNGER: the internal date against now minus {@code seconds} (positive). */
    record Within(boolean older, long seconds) implements SearchKey {}

    /** Keys on data read apart from the view's metadata ({@code satchel.store.MessageObjects}). */
    sealed interface ObjectKey extends SearchKey {}
    /** RFC 8474 §6 EMAILID: exact, case-sensitive. */
    record EmailId(String id) implements ObjectKey {}
    /** RFC 8474 §6 THREADID: exact, case-sensitive. */
    record ThreadId(String id) implements ObjectKey {}
    /** RFC 8514 §4 SAVEDBEFORE/SAVEDON/SAVEDSINCE: the save date's calendar date. */
    record SaveDate(DateOp op, LocalDate date) implements ObjectKey {}
    /** RFC 8514 §4 SAVEDATESUPPORTED: every message of a mailbox that keeps save dates (all do here). */
    record SaveDateSupported() implements ObjectKey {}
}
