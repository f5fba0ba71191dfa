package satchel.protocol;

import java.util.List;

/**
 * A sequence-set (RFC 9051 §9 "sequence-set") as the client wrote it: ranges whose ends may be {@code *}.
 * Numbers are message sequence numbers or UIDs depending on the command's {@code byUid}.
 * {@code $} (RFC 5182 SEARCHRES) is the separate {@link #SAVED} marker.
 */
public record SequenceSet(List<Range> ranges, boolean saved) {
    /** Stands for {@code *}: the largest number in use. */
    public static final long STAR = Long.MAX_VALUE;
    public static final SequenceSet SAVED = new SequenceSet(List.of(), true);

    public SequenceSet {
        ranges = List.copyOf(ranges);
    }

    public static SequenceSet of(List<Range> ranges) {
        return new SequenceSet(ranges, false);
    }

    /** One range; {@code lo} may exceed {@code hi} as written ("4:2"), {@link #normalized} orders it. */
    public record Range(long lo, long hi) {
        /** Replaces {@code *} by {@code max} and orders the ends. */
        public Range normalized(long max) {
            long a = lo == STAR ? max : lo, b = hi == STAR ? max : hi;
            return a <= b ? new Range(a, b) : new Range(b, a);
        }
    }

    /** True if {@code n} lies in the set, with {@code *} meaning {@code max}. */
    public boolean contains(long n, long max) {
        for (Range r : ranges) {
            Range x = r.normalized(max);
            if (n >= x.lo() && n <= x.hi()) return true;
        }
        return false;
    }
}
