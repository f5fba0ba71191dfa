package satchel.mime;

/**
 * RFC 5256 §2.1 base subject extraction, steps (1) to (7), and whether the extraction showed the message to be a
 * reply or forward (RFC 5256 §3 REFERENCES: a subj-refwd, a "(fwd)" trailer or a subj-fwd-hdr/subj-fwd-trl
 * removed). Matching of "re", "fw", "fwd" and "[fwd:" is ASCII case-insensitive, as ABNF literals are.
 */
public record BaseSubject(String text, boolean replyOrForward) {
    public static final BaseSubject EMPTY = new BaseSubject("", false);

    /** From the Subject field as sent (encoded words kept); null for a message without one. */
    public static BaseSubject of(String rawSubject) {
        if (rawSubject == null) return EMPTY;
        String s = normaliseSpace(Charsets.decodeWords(rawSubject)); // step (1)
        boolean refwd = false;
        while (true) {
            // (2) trailers: "(fwd)" or WSP, until none is left
            while (true) {
                if (s.endsWith(" ")) s = s.substring(0, s.length() - 1);
                else if (endsWithIgnoreCase(s, "(fwd)")) {
                    s = s.substring(0, s.length() - 5);
                    refwd = true;
                } else break;
            }
            // (3), (4), repeated (5)
            while (true) {
                int leader = leaderEnd(s);
                if (leader > 0) {
                    refwd |= leaderHasRefwd(s, leader);
                    s = s.substring(leader);
                }
                int blob = blobEnd(s, 0);
                boolean removedBlob = blob > 0 && blob < s.length(); // leaves a non-empty subj-base (trailers are gone)
                if (removedBlob) s = s.substring(blob);
                if (leader == 0 && !removedBlob) break;
            }
            // (6) "[fwd:" ... "]" around the whole rest: strip, then start again at (2)
            if (s.length() >= 6 && s.regionMatches(true, 0, "[fwd:", 0, 5) && s.endsWith("]")) {
                s = s.substring(5, s.length() - 1);
                refwd = true;
                continue;
            }
            return new BaseSubject(s, refwd);
        }
    }

    /** Step (1): tabs, line breaks (continuations) and runs of spaces become one space. */
    static String normaliseSpace(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ws = c == ' ' || c == '\t' || c == '\r' || c == '\n';
            if (ws) {
                if (!space) out.append(' ');
            } else out.append(c);
            space = ws;
        }
        return out.toString();
    }

    private static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.length() >= suffix.length() && s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
    }

    /** End of the longest prefix made of subj-leader = (*subj-blob subj-refwd) / WSP; 0 if none. */
    private static int leaderEnd(String s) {
        int i = 0;
        while (true) {
            if (i < s.length() && s.charAt(i) == ' ') {
                i++;
                continue;
            }
            int j = i;
            int b;
            while ((b = blobEnd(s, j)) > 0) j = b;
            int r = refwdEnd(s, j);
            if (r < 0) return i;
            i = r;
        }
    }

    private static boolean leaderHasRefwd(String s, int end) {
        return !s.substring(0, end).isBlank();
    }

    /** subj-blob = "[" *BLOBCHAR "]" *WSP at {@code i}: the index after it, or 0. */
    static int blobEnd(String s, int i) {
        if (i >= s.length() || s.charAt(i) != '[') return 0;
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '[' && s.charAt(j) != ']') j++;
        if (j >= s.length() || s.charAt(j) != ']') return 0;
        j++;
        while (j < s.length() && s.charAt(j) == ' ') j++;
        return j;
    }

    /** subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":" at {@code i}: the index after it, or -1. */
    private static int refwdEnd(String s, int i) {
        int j;
        if (s.regionMatches(true, i, "re", 0, 2)) j = i + 2;
        else if (s.regionMatches(true, i, "fwd", 0, 3)) j = i + 3;
        else if (s.regionMatches(true, i, "fw", 0, 2)) j = i + 2;
        else return -1;
        while (j < s.length() && s.charAt(j) == ' ') j++;
        int b = blobEnd(s, j);
        if (b > 0) j = b;
        return j < s.length() && s.charAt(j) == ':' ? j + 1 : -1;
    }
}
