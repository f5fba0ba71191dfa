package satchel.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 5322 §3.6.4 msg-ids as RFC 5256 REFERENCES compares them: normalised so that quoting and comments make no
 * difference ({@code <"a b"@x>} and {@code <a b@x>} are one id), angle brackets dropped, case kept (comparisons
 * are case-sensitive). A valid id has a non-empty left and right side around its last "@"; anything else
 * between angle brackets is skipped, as is text outside them.
 */
public final class MessageIds {
    /** Bounds the work a hostile References field can cause (RFC 5322 does not bound its length). */
    static final int MAX_IDS = 1000;

    private MessageIds() {}

    /** Every valid id in {@code value} in order (null for a missing field). */
    public static List<String> all(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) return out;
        int i = 0;
        while (out.size() < MAX_IDS) {
            int open = value.indexOf('<', i);
            if (open < 0) break;
            int close = closing(value, open + 1);
            if (close < 0) break;
            String id = normalise(value, open + 1, close);
            if (id != null) out.add(id);
            i = close + 1;
        }
        return out;
    }

    /** The first valid id in {@code value}, or null. */
    public static String first(String value) {
        List<String> ids = all(value);
        return ids.isEmpty() ? null : ids.getFirst();
    }

    /** The index of the '>' closing a msg-id opened before {@code i}, skipping quoted strings; -1 if none. */
    private static int closing(String v, int i) {
        boolean quoted = false;
        for (; i < v.length(); i++) {
            char c = v.charAt(i);
            if (quoted && c == '\\') i++;
            else if (c == '"') quoted = !quoted;
            else if (!quoted && c == '>') return i;
            else if (!quoted && c == '<') return -1; // a new id starts: this one never closed
        }
        return -1;
    }

    /** The id between the brackets with quotes, quoted-pairs, comments and folding white space removed. */
    private static String normalise(String v, int from, int to) {
        StringBuilder id = new StringBuilder(to - from);
        boolean quoted = false;
        int comment = 0;
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < to && (quoted || comment > 0)) {
                if (comment == 0) id.append(v.charAt(i + 1));
                i++;
            } else if (comment > 0) {
                if (c == '(') comment++;
                else if (c == ')') comment--;
            } else if (c == '"') quoted = !quoted;
            else if (!quoted && c == '(') comment++;
            else if (!quoted && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) continue;
            else id.append(c);
        }
        int at = id.lastIndexOf("@");
        return at > 0 && at < id.length() - 1 ? id.toString() : null;
    }
}
