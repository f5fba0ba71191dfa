package satchel.session;

import java.util.Arrays;

/**
 * A session's \Recent messages as UID ranges rather than a set: RFC 3501 §2.3.2 gives a session the messages
 * that arrived since the last session claimed them, which is always a run of UIDs ([first recent, UIDNEXT) at
 * SELECT, then one run per batch of arrivals), so a few ranges hold what a set of a million UIDs would.
 * Immutable.
 */
final class RecentUids {
    static final RecentUids NONE = new RecentUids(new long[0]);

    /** Sorted, disjoint, non-adjacent [from, to) pairs. */
    private final long[] ranges;

    private RecentUids(long[] ranges) { this.ranges = ranges; }

    /** These ranges plus [from, to). */
    RecentUids plus(long from, long to) {
        if (from >= to) return this;
        long[] out = new long[ranges.length + 2];
        int w = 0, r = 0;
        while (r < ranges.length && ranges[r + 1] < from) {
            out[w++] = ranges[r++];
            out[w++] = ranges[r++];
        }
        while (r < ranges.length && ranges[r] <= to) {
            from = Math.min(from, ranges[r]);
            to = Math.max(to, ranges[r + 1]);
            r += 2;
        }
        out[w++] = from;
        out[w++] = to;
        while (r < ranges.length) out[w++] = ranges[r++];
        return new RecentUids(Arrays.copyOf(out, w));
    }

    boolean contains(long uid) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (uid < ranges[i]) return false;
            if (uid < ranges[i + 1]) return true;
        }
        return false;
    }

    /** How many of the messages in {@code cols} are recent. */
    int count(MessageColumns cols) {
        int n = 0;
        for (int i = 0; i < ranges.length; i += 2) n += lowerBound(cols, ranges[i + 1]) - lowerBound(cols, ranges[i]);
        return n;
    }

    private static int lowerBound(MessageColumns cols, long uid) {
        int i = cols.indexOf(uid);
        return i >= 0 ? i : -i - 1;
    }
}
