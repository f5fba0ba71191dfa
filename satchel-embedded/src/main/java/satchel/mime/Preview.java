package satchel.mime;

import java.util.Locale;
import java.util.Map;

/**
 * RFC 8970 preview text: up to {@link #MAX_CHARS} characters from the start of the message's first text part (in
 * multipart/alternative the text/plain one, else text/html), transfer- and charset-decoded with Mime4j's codecs
 * ({@link TransferEncoding}, {@link Charsets}), HTML reduced to its text, runs of white space made one space,
 * control and invisible formatting characters dropped. Attachments (Content-Disposition: attachment) and attached
 * messages are never previewed. A message without such text gets the empty string, which RFC 8970 §3 allows;
 * quoted text and signatures are kept (the RFC leaves such heuristics to the server).
 *
 * <p>Bounded: only the first bytes of the chosen part are decoded, whatever the message's size.
 */
public final class Preview {
    /** RFC 8970 §3: at most 256 characters on the wire; 200, as Dovecot and others send. */
    public static final int MAX_CHARS = 200;
    /** Encoded input decoded at most: plenty for 200 characters of text, even of verbose HTML. */
    private static final int PLAIN_INPUT = 16 * 1024, HTML_INPUT = 128 * 1024;

    private Preview() {}

    public static String of(byte[] message) {
        return of(message, MessageStructure.parse(message));
    }

    public static String of(byte[] message, MessageStructure structure) {
        Part p = textPart(structure.root());
        if (p == null) return "";
        boolean html = p.subtype().equalsIgnoreCase("html");
        int len = Math.min(p.bodyLength(), html ? HTML_INPUT : PLAIN_INPUT);
        String text = SearchData.decodedText(message, p, len);
        Out out = new Out();
        if (html) Html.text(text, out); else out.append(text);
        return out.result();
    }

    /** The part a reader would see first, or null. */
    static Part textPart(Part p) {
        if (p.disposition() != null && p.disposition().type().equalsIgnoreCase("attachment")) return null;
        return switch (p.body()) {
            case PartBody.Single _ -> p.isText() && (p.subtype().equalsIgnoreCase("plain")
                    || p.subtype().equalsIgnoreCase("html")) ? p : null;
            case PartBody.Message _ -> null;
            case PartBody.Multipart mp -> {
                if (p.subtype().equalsIgnoreCase("alternative")) {
                    Part html = null;
                    for (Part c : mp.parts()) {
                        Part t = textPart(c);
                        if (t == null) continue;
                        if (t.subtype().equalsIgnoreCase("plain")) yield t;
                        if (html == null) html = t;
                    }
                    yield html;
                }
                for (Part c : mp.parts()) {
                    Part t = textPart(c);
                    if (t != null) yield t;
                }
                yield null;
            }
        };
    }

    /** Collects normalised text and says when it has enough. */
    static final class Out {
        private final StringBuilder sb = new StringBuilder(MAX_CHARS + 8);
        private int chars;
        private boolean space;

        boolean full() { return chars >= MAX_CHARS; }

        void append(CharSequence s) {
            for (int i = 0; i < s.length() && !full(); ) {
                int cp = Character.codePointAt(s, i);
                i += Character.charCount(cp);
                append(cp);
            }
        }

        void append(int cp) {
            if (full()) return;
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = chars > 0; // leading white space goes; inner runs become one space
                return;
            }
            int type = Character.getType(cp);
            // Controls, zero-width and other formatting characters (the invisible padding of many HTML mails),
            // unpaired surrogates and the replacement left by a cut multi-byte sequence.
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE || cp == 0xFFFD || cp == 0x034F) return;
            if (space) {
                sb.append(' ');
                chars++;
                space = false;
                if (full()) return;
            }
            sb.appendCodePoint(cp);
            chars++;
        }

        void space() { space = chars > 0; }

        String result() {
            String s = sb.toString();
            return s.endsWith(" ") ? s.substring(0, s.length() - 1) : s;
        }
    }

    /** HTML to the text a browser would show, just enough for a preview: no DOM, one pass, stops when full. */
    static final class Html {
        private static final java.util.Set<String> INLINE = java.util.Set.of("a", "abbr", "b", "bdi", "bdo", "big",
                "cite", "code", "em", "font", "i", "kbd", "mark", "q", "s", "samp", "small", "span", "strike",
                "strong", "sub", "sup", "tt", "u", "var", "wbr", "o:p");
        private static final java.util.Set<String> HIDDEN = java.util.Set.of("head", "style", "script", "title",
                "template", "noscript", "xml");
        private static final Map<String, Integer> ENTITIES = Map.ofEntries(Map.entry("amp", (int) '&'),
                Map.entry("lt", (int) '<'), Map.entry("gt", (int) '>'), Map.entry("quot", (int) '"'),
                Map.entry("apos", (int) '\''), Map.entry("nbsp", 0xA0), Map.entry("copy", 0xA9),
                Map.entry("reg", 0xAE), Map.entry("trade", 0x2122), Map.entry("hellip", 0x2026),
                Map.entry("mdash", 0x2014), Map.entry("ndash", 0x2013), Map.entry("lsquo", 0x2018),
                Map.entry("rsquo", 0x2019), Map.entry("ldquo", 0x201C), Map.entry("rdquo", 0x201D),
                Map.entry("bull", 0x2022), Map.entry("middot", 0xB7), Map.entry("euro", 0x20AC),
                Map.entry("pound", 0xA3), Map.entry("laquo", 0xAB), Map.entry("raquo", 0xBB),
                Map.entry("zwnj", 0x200C), Map.entry("zwj", 0x200D), Map.entry("shy", 0xAD),
                Map.entry("auml", 0xE4), Map.entry("ouml", 0xF6), Map.entry("uuml", 0xFC), Map.entry("szlig", 0xDF),
                Map.entry("Auml", 0xC4), Map.entry("Ouml", 0xD6), Map.entry("Uuml", 0xDC), Map.entry("eacute", 0xE9),
                Map.entry("egrave", 0xE8), Map.entry("agrave", 0xE0), Map.entry("ccedil", 0xE7));

        private Html() {}

        static void text(String h, Out out) {
            int i = 0, n = h.length();
            while (i < n && !out.full()) {
                char c = h.charAt(i);
                if (c == '<') i = tag(h, i, out);
                else if (c == '&') i = entity(h, i, out);
                else {
                    int cp = h.codePointAt(i);
                    out.append(cp);
                    i += Character.charCount(cp);
                }
            }
        }

        /** Skips a tag (and a hidden element's content, or a comment); block tags separate words. */
        private static int tag(String h, int i, Out out) {
            if (h.startsWith("<!--", i)) return skipPast(h, i + 4, "-->");
            int end = h.indexOf('>', i + 1);
            if (end < 0) return h.length();
            int nameStart = i + 1 + (i + 1 < h.length() && h.charAt(i + 1) == '/' ? 1 : 0);
            int nameEnd = nameStart;
            while (nameEnd < end && !Character.isWhitespace(h.charAt(nameEnd)) && h.charAt(nameEnd) != '/'
                    && h.charAt(nameEnd) != '>') nameEnd++;
            String name = h.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT);
            boolean closing = nameStart > i + 1;
            if (!closing && HIDDEN.contains(name) && h.charAt(end - 1) != '/') {
                return skipPast(h, end + 1, "</" + name); // then the rest of the closing tag is skipped as a tag
            }
            if (!INLINE.contains(name)) out.space();
            return end + 1;
        }

        private static int skipPast(String h, int from, String marker) {
            int at = indexOfIgnoreCase(h, marker, from);
            if (at < 0) return h.length();
            return marker.startsWith("</") ? at : at + marker.length();
        }

        private static int indexOfIgnoreCase(String h, String needle, int from) {
            for (int i = from; i + needle.length() <= h.length(); i++) {
                if (h.regionMatches(true, i, needle, 0, needle.length())) return i;
            }
            return -1;
        }

        /** &name; &#nnn; &#xhh; — an unknown or malformed one is text as written. */
        private static int entity(String h, int i, Out out) {
            int semi = h.indexOf(';', i + 1);
            if (semi < 0 || semi - i > 12) {
                out.append('&');
                return i + 1;
            }
            String body = h.substring(i + 1, semi);
            Integer cp = null;
            try {
                if (body.startsWith("#x") || body.startsWith("#X")) cp = Integer.parseInt(body.substring(2), 16);
                else if (body.startsWith("#")) cp = Integer.parseInt(body.substring(1));
                else cp = ENTITIES.get(body);
            } catch (NumberFormatException e) {
                cp = null;
            }
            if (cp == null || !Character.isValidCodePoint(cp)) {
                out.append('&');
                return i + 1;
            }
            out.append(cp);
            return semi + 1;
        }
    }
}
