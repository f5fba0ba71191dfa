package satchel.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Content-Type / Content-Disposition values: a leading token and {@code ; name=value} parameters (RFC 2045 §5.1),
 * with comments skipped and quoted strings unescaped. Names are lower-cased, values kept as sent; RFC 2231
 * continuations are decoded only on request ({@link #decoded}), since BODYSTRUCTURE passes them through.
 */
final class MimeParams {
    record Parsed(String value, List<Param> params) {}

    private final String s;
    private int i;

    private MimeParams(String s) { this.s = s; }

    static Parsed parse(String s) {
        MimeParams p = new MimeParams(s);
        String value = p.until(';').strip();
        List<Param> params = new ArrayList<>();
        while (p.i < s.length()) {
            p.i++; // ';'
            String name = p.until('=', ';').strip();
            String v = "";
            if (p.i < s.length() && s.charAt(p.i) == '=') {
                p.i++;
                p.skipSpace();
                v = p.i < s.length() && s.charAt(p.i) == '"' ? p.quoted() : p.until(';').strip();
                p.until(';'); // junk after a quoted value
            }
            if (!name.isEmpty() && params.size() < 256) params.add(new Param(Headers.lower(name), v));
        }
        return new Parsed(value, params);
    }

    /** Text up to (not including) any of {@code stops} outside comments; comments are dropped. */
    private String until(char... stops) {
        StringBuilder b = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i);
            for (char stop : stops) if (c == stop) return b.toString();
            if (c == '(') skipComment();
            else { b.append(c); i++; }
        }
        return b.toString();
    }

    private void skipComment() {
        int depth = 0;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '\\') i++;
            else if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return;
        }
    }

    private String quoted() {
        StringBuilder b = new StringBuilder();
        i++;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') break;
            if (c == '\\' && i < s.length()) c = s.charAt(i++);
            b.append(c);
        }
        return b.toString();
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    /**
     * Parameter {@code name} decoded: RFC 2231 {@code name*}, {@code name*0*}, {@code name*1} ... joined and
     * percent-decoded in their charset, else the plain value with RFC 2047 words decoded (common in practice).
     */
    static String decoded(List<Param> params, String name) {
        TreeMap<Integer, Param> pieces = new TreeMap<>();
        String plain = null;
        for (Param p : params) {
            String n = p.name();
            if (n.equals(name)) plain = p.value();
            else if (n.equals(name + "*")) pieces.put(0, p);
            else if (n.startsWith(name + "*")) {
                String idx = n.substring(name.length() + 1);
                boolean ext = idx.endsWith("*");
                if (ext) idx = idx.substring(0, idx.length() - 1);
                if (idx.matches("\\d{1,3}")) pieces.put(Integer.parseInt(idx), new Param(ext ? "*" : "", p.value()));
            }
        }
        if (pieces.isEmpty()) return Charsets.decodeWords(plain);
        return joinRfc2231(pieces);
    }

    private static String joinRfc2231(TreeMap<Integer, Param> pieces) {
        Charset cs = StandardCharsets.UTF_8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean first = true;
        for (Param piece : pieces.values()) {
            String v = piece.value();
            boolean ext = piece.name().endsWith("*");
            if (first && ext) {
                int q1 = v.indexOf('\''), q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
                if (q2 > 0) {
                    cs = Charsets.lookupOr(v.substring(0, q1), StandardCharsets.UTF_8);
                    v = v.substring(q2 + 1);
                }
            }
            first = false;
            if (ext) percentDecode(v, out);
            else out.writeBytes(v.getBytes(StandardCharsets.UTF_8));
        }
        return new String(out.toByteArray(), cs);
    }

    private static void percentDecode(String v, ByteArrayOutputStream out) {
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            int hi = k + 2 < v.length() ? Character.digit(v.charAt(k + 1), 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(v.charAt(k + 2), 16);
            if (c == '%' && lo >= 0) {
                out.write(hi * 16 + lo);
                k += 2;
            } else out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
    }
}
