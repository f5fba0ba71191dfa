package satchel.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * LIST/LSUB name matching (RFC 3501 §6.3.8): reference and pattern are joined, "*" matches anything and "%"
 * anything but the hierarchy delimiter; INBOX is matched case-insensitively.
 *
 * <p>Not a backtracking regex: "%*%*%*…x" made one of those try every way of cutting a name into as many pieces.
 * A run of wildcards is one wildcard ("*" if the run holds a "*", else "%"), so the pattern is literals
 * {@code L0 W1 L1 … Wk Lk}; matching keeps the set of name positions where {@code L0 … Li} can end and advances
 * it one wildcard at a time: at most {@code k × (name length + occurrences)} steps, and {@code k} is at most the
 * literal characters, which cannot outnumber the name's.
 *
 * @param literals {@code L0 … Lk}; inner ones are never empty
 * @param stars whether each wildcard {@code W1 … Wk} is "*" (true) or "%"
 * @param hasPercent whether the pattern as given had a "%" (LSUB's \Noselect parents depend on it)
 */
record MailboxPattern(List<String> literals, boolean[] stars, boolean hasPercent) {
    static MailboxPattern of(String reference, String pattern) {
        String full = joined(reference, pattern);
        List<String> literals = new ArrayList<>();
        List<Boolean> stars = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < full.length(); ) {
            char c = full.charAt(i);
            if (c != '*' && c != '%') {
                lit.append(c);
                i++;
                continue;
            }
            boolean star = false;
            for (; i < full.length() && (full.charAt(i) == '*' || full.charAt(i) == '%'); i++) {
                star |= full.charAt(i) == '*';
            }
            literals.add(lit.toString());
            lit.setLength(0);
            stars.add(star);
        }
        literals.add(lit.toString());
        boolean[] s = new boolean[stars.size()];
        for (int i = 0; i < s.length; i++) s[i] = stars.get(i);
        return new MailboxPattern(List.copyOf(literals), s, full.indexOf('%') >= 0);
    }

    private static String joined(String reference, String pattern) {
        if (pattern.startsWith("/") || reference.isEmpty()) return inboxUpper(pattern);
        return inboxUpper(reference + pattern);
    }

    /** "inbox/x" names the same as "INBOX/x": only the first level is case-insensitive. */
    static String inboxUpper(String name) {
        if (name.length() >= 5 && name.substring(0, 5).equalsIgnoreCase("INBOX")
                && (name.length() == 5 || "/%*".indexOf(name.charAt(5)) >= 0)) {
            return "INBOX" + name.substring(5);
        }
        return name;
    }

    /** Wildcards after runs are merged: "%*%*%" is one. */
    int wildcards() {
        return stars.length;
    }

    boolean matches(String name) {
        int n = name.length();
        int k = stars.length;
        int fixed = 0;
        for (String l : literals) fixed += l.length();
        if (fixed > n) return false; // also bounds k by n, whatever the pattern's length
        String first = literals.getFirst();
        if (k == 0) return name.equals(first);
        String last = literals.getLast();
        if (!name.startsWith(first) || !name.endsWith(last)) return false;
        // ends[p]: L0 … Li can end at position p of the name.
        boolean[] ends = new boolean[n + 1];
        ends[first.length()] = true;
        for (int i = 1; i <= k; i++) {
            boolean[] reach = reach(name, ends, stars[i - 1]);
            String l = literals.get(i);
            if (i == k) return reach[n - l.length()]; // endsWith checked above
            boolean[] next = new boolean[n + 1];
            boolean any = false;
            for (int p = name.indexOf(l); p >= 0; p = name.indexOf(l, p + 1)) {
                if (reach[p]) {
                    next[p + l.length()] = true;
                    any = true;
                }
            }
            if (!any) return false;
            ends = next;
        }
        throw new AssertionError("unreachable");
    }

    /** Positions a wildcard can stop at, starting from any of {@code from}: "%" does not cross a "/". */
    private static boolean[] reach(String name, boolean[] from, boolean star) {
        boolean[] out = new boolean[from.length];
        boolean alive = false;
        for (int p = 0; p < from.length; p++) {
            alive = from[p] || alive && (star || name.charAt(p - 1) != '/');
            out[p] = alive;
        }
        return out;
    }

    static String upper(String s) { return s.toUpperCase(Locale.ROOT); }
}
