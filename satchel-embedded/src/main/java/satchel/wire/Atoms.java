package satchel.wire;

/** Character classes of RFC 9051 §9 used when choosing a wire form. */
final class Atoms {
    private Atoms() {}

    /** atom-specials: ( ) { SP CTL % * " \ ] (and 8-bit). */
    static boolean isAtomChar(int c) {
        return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != '{' && c != '%' && c != '*' && c != '"'
                && c != '\\' && c != ']';
    }

    static boolean isAtom(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (!isAtomChar(s.charAt(i))) return false;
        return true;
    }

    /** Atoms plus what we emit as bare tokens: flags (\Seen, \*), and section syntax kept by callers. */
    static boolean isAtomLike(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAtomChar(c) || c == '\\' || c == '*' || c == '%' || c == ']')) return false;
        }
        return true;
    }

    /** Quoted strings must not carry CR, LF, NUL or 8-bit bytes, and are kept short for readability. */
    static boolean quotable(byte[] s) {
        return quotable(s, 0, s.length);
    }

    /** {@link #quotable(byte[])} of {@code s[off, off+len)}. */
    static boolean quotable(byte[] s, int off, int len) {
        if (len > 1024) return false;
        for (int i = off; i < off + len; i++) {
            byte b = s[i];
            if (b == 0 || b == '\r' || b == '\n' || b < 0) return false;
        }
        return true;
    }

    /**
     * Quoted strings that may carry UTF-8 (RFC 9051 §9 QUOTED-CHAR, RFC 6855 §3): well-formed UTF-8 without CR,
     * LF or NUL, kept as short as {@link #quotable}.
     */
    static boolean quotableUtf8(byte[] s) {
        if (s.length > 1024) return false;
        for (byte b : s) if (b == 0 || b == '\r' || b == '\n') return false;
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(s));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    static String sanitizeText(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c == '\r' || c == '\n' || c == 0 ? ' ' : c);
        }
        return b.toString();
    }
}
