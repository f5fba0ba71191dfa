package satchel.session;

import java.util.List;

/** Compact uid-set syntax ("1:3,7") for COPYUID, APPENDUID and VANISHED (RFC 4315 §4, RFC 7162). */
final class UidSets {
    private UidSets() {}

    /** {@code uids} in the order given; consecutive runs collapse into ranges. */
    static String format(List<Long> uids) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < uids.size()) {
            long start = uids.get(i), end = start;
            while (i + 1 < uids.size() && uids.get(i + 1) == end + 1) end = uids.get(++i);
            if (!b.isEmpty()) b.append(',');
            b.append(start);
            if (end != start) b.append(':').append(end);
            i++;
        }
        return b.toString();
    }
}
