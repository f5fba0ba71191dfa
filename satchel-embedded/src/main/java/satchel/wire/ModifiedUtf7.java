package satchel.wire;

/**
 * RFC 3501 §5.1.3 mailbox name encoding: printable US-ASCII stands for itself ("&amp;" as "&amp;-"), everything
 * else is UTF-16 in modified BASE64 (',' for '/', no padding) between '&amp;' and '-'. Stateless and thread-safe.
 */
public final class ModifiedUtf7 {
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".toCharArray();
    private static final int[] VALUE = new int[128];

    static {
        java.util.Arrays.fill(VALUE, -1);
        for (int i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET[i]] = i;
    }

    private ModifiedUtf7() {}

    public static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (printable(c)) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int start = i;
            while (i < name.length() && !printable(name.charAt(i))) i++;
            out.append('&');
            encodeRun(name, start, i, out);
            out.append('-');
        }
        return out.toString();
    }

    private static void encodeRun(String s, int from, int to, StringBuilder out) {
        int bits = 0, nbits = 0;
        for (int i = from; i < to; i++) {
            bits = (bits << 16) | s.charAt(i);
            nbits += 16;
            while (nbits >= 6) {
                nbits -= 6;
                out.append(ALPHABET[(bits >> nbits) & 0x3f]);
            }
        }
        if (nbits > 0) out.append(ALPHABET[(bits << (6 - nbits)) & 0x3f]);
    }

    /**
     * Decodes strictly: shifted runs must hold whole UTF-16 units with zero padding bits, must not encode
     * printable ASCII, must not follow one another, and must leave no lone surrogate. Raw non-ASCII passes through unchanged, so names sent
     * as UTF-8 (RFC 6855 UTF8=ACCEPT) mean what they say; raw control characters are refused.
     *
     * @throws IllegalArgumentException when {@code wire} is not valid modified UTF-7
     */
    public static String decode(String wire) {
        StringBuilder out = new StringBuilder(wire.length());
        int i = 0;
        while (i < wire.length()) {
            char c = wire.charAt(i++);
            if (c < 0x20 || c == 0x7f) throw new IllegalArgumentException("Control character in mailbox name");
            if (c != '&') {
                out.append(c);
                continue;
            }
            int end = wire.indexOf('-', i);
            if (end < 0) throw new IllegalArgumentException("Unterminated '&' in mailbox name");
            if (end == i) {
                out.append('&');
            } else {
                decodeRun(wire, i, end, out);
                // RFC 3501 §5.1.3: "&U,BTFw-&ZeVnLIqe-" is not permitted, one run must hold both.
                if (wire.startsWith("&", end + 1) && !wire.startsWith("&-", end + 1))
                    throw new IllegalArgumentException("Superfluous shift in mailbox name");
            }
            i = end + 1;
        }
        String s = out.toString();
        if (hasLoneSurrogate(s)) throw new IllegalArgumentException("Invalid UTF-16 in mailbox name");
        return s;
    }

    private static void decodeRun(String s, int from, int to, StringBuilder out) {
        int bits = 0, nbits = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int v = c < 128 ? VALUE[c] : -1;
            if (v < 0) throw new IllegalArgumentException("Invalid character in modified BASE64");
            bits = (bits << 6) | v;
            nbits += 6;
            if (nbits >= 16) {
                nbits -= 16;
                char u = (char) ((bits >> nbits) & 0xffff);
                if (printable(u)) throw new IllegalArgumentException("Printable character needlessly encoded");
                out.append(u);
            }
        }
        // Leftover bits are padding: fewer than 6 of them and all zero (RFC 2152 / RFC 3501 §5.1.3).
        if (nbits >= 6 || (bits & ((1 << nbits) - 1)) != 0)
            throw new IllegalArgumentException("Invalid modified BASE64 padding");
    }

    private static boolean printable(char c) {
        return c >= 0x20 && c <= 0x7e;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return true;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
