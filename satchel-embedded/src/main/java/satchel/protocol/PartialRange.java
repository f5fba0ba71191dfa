package satchel.protocol;

import java.io.IOException;
import java.util.List;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/**
 * RFC 9394 §3.1 partial-range: which results of a SEARCH or SORT to return, counted 1-based from the first
 * result ({@code 1:100}) or, with {@code fromEnd}, from the last ({@code -1:-100}). Either way {@code first <=
 * last} ("500:400" means 400:500, §3.1).
 */
public record PartialRange(boolean fromEnd, long first, long last) {
    public PartialRange {
        if (first < 1 || last < first) throw new IllegalArgumentException("partial range " + first + ":" + last);
    }

    /** partial-range-first / partial-range-last (RFC 9394 §6). */
    static PartialRange parse(ImapReader r) throws IOException, ProtocolException {
        boolean fromEnd = r.accept('-');
        long a = number(r);
        r.expect(':', "partial range");
        if (r.accept('-') != fromEnd) throw r.bad("PARTIAL range ends must both be positive or both negative (RFC 9394)");
        long b = number(r);
        return new PartialRange(fromEnd, Math.min(a, b), Math.max(a, b));
    }

    private static long number(ImapReader r) throws IOException, ProtocolException {
        if (!Args.isDigit(r.peek())) throw r.expected("PARTIAL range such as 1:100 or -1:-100");
        long n = r.number();
        if (n == 0 || n > 0xFFFFFFFFL) throw r.bad("PARTIAL range numbers are 1 to 4294967295");
        return n;
    }

    /** Positions [from, to) among results, from ≤ to. */
    public record Window(int from, int to) {}

    /** Where this range falls among {@code n} results (empty past either end). */
    public Window window(int n) {
        long from = fromEnd ? n - last : first - 1, to = fromEnd ? n - first + 1 : last; // [from, to)
        from = Math.max(0, Math.min(n, from));
        to = Math.max(from, Math.min(n, to));
        return new Window((int) from, (int) to);
    }

    /** The results this range selects, in the order given (ascending for SEARCH, sort order for SORT). */
    public <T> List<T> slice(List<T> all) {
        Window w = window(all.size());
        return all.subList(w.from(), w.to());
    }

    /** As the ESEARCH response echoes it. */
    public String wire() {
        return fromEnd ? "-" + first + ":-" + last : first + ":" + last;
    }
}
