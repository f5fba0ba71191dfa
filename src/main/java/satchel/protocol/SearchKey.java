package satchel.protocol;

import java.time.LocalDate;
import java.util.List;

/** One RFC 3501 §6.4.4 search key (plus RFC 7162 MODSEQ); {@link And} is a parenthesised group or the top level. */
public sealed interface SearchKey {
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
}
