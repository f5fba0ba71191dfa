package satchel.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 5322 §3.4 address lists into RFC 3501 envelope addresses, leniently (our own: Mime4j's parsers decode
 * display names, but ENVELOPE must carry them as sent). Missing parts are filled in as Dovecot does
 * (MISSING_MAILBOX, MISSING_DOMAIN) so a broken address is never mistaken for a group marker.
 */
final class AddressParser {
    static final String MISSING_MAILBOX = "MISSING_MAILBOX";
    static final String MISSING_DOMAIN = "MISSING_DOMAIN";
    private static final int MAX_ADDRESSES = 1000;

    /** kind: 'w' word (atom or domain literal), 'q' quoted string, '(' comment, else the special character itself. */
    private record Tok(char kind, String text) {
        boolean word() { return kind == 'w' || kind == 'q'; }
    }

    private final List<Tok> toks = new ArrayList<>();
    private String lastComment;
    private int pos;
    private final List<Address> out = new ArrayList<>();

    private AddressParser(String s) { tokenize(s); }

    static List<Address> parse(String s) {
        if (s == null || s.isBlank()) return List.of();
        AddressParser p = new AddressParser(s);
        while (p.peek() != 0 && p.out.size() < MAX_ADDRESSES) {
            if (p.is(',') || p.is(';') || p.is('>') || p.is(':')) p.pos++;
            else p.addressOrGroup();
        }
        return List.copyOf(p.out);
    }

    private boolean is(char k) { return peek() == k; }

    /** Kind of the next token after any comments (the last comment is remembered as a fallback name), or 0. */
    private char peek() {
        while (pos < toks.size() && toks.get(pos).kind() == '(') lastComment = toks.get(pos++).text();
        return pos < toks.size() ? toks.get(pos).kind() : 0;
    }

    private void addressOrGroup() {
        lastComment = null;
        List<Tok> phrase = words();
        if (is(':')) {
            pos++;
            out.add(Address.groupStart(phraseText(phrase)));
            while (peek() != 0 && !is(';') && out.size() < MAX_ADDRESSES) {
                lastComment = null;
                if (is(',') || is(':') || is('>')) pos++;
                else mailbox(words());
            }
            if (is(';')) pos++;
            out.add(Address.GROUP_END);
        } else mailbox(phrase);
    }

    /** A mailbox whose leading words were already read: name-addr if '<' follows, else addr-spec. */
    private void mailbox(List<Tok> lead) {
        if (is('<')) {
            pos++;
            String adl = null;
            if (is('@')) {
                StringBuilder r = new StringBuilder();
                while (peek() != 0 && !is(':') && !is('>')) r.append(toks.get(pos++).text());
                if (is(':')) pos++;
                adl = r.toString();
            }
            String local = localText(words());
            String host = is('@') ? domain() : null;
            if (is('>')) pos++;
            add(lead.isEmpty() ? null : phraseText(lead), adl, local, host);
        } else if (is('@')) {
            String host = domain();
            peek();
            add(lastComment, null, localText(lead), host);
        } else if (!lead.isEmpty()) {
            add(lastComment, null, localText(lead), null);
        } else pos++; // a stray special: skip it
    }

    private String domain() {
        pos++; // '@'
        StringBuilder d = new StringBuilder();
        while (peek() == 'w' || peek() == '.') d.append(toks.get(pos++).text());
        return d.toString();
    }

    private void add(String name, String adl, String local, String host) {
        out.add(new Address(name, adl, local.isEmpty() ? MISSING_MAILBOX : local,
                host == null || host.isEmpty() ? MISSING_DOMAIN : host));
    }

    private List<Tok> words() {
        List<Tok> w = new ArrayList<>();
        while (peek() == 'w' || peek() == 'q' || peek() == '.') w.add(toks.get(pos++));
        return w;
    }

    private static String phraseText(List<Tok> phrase) {
        StringBuilder b = new StringBuilder();
        for (Tok t : phrase) {
            if (t.word() && !b.isEmpty()) b.append(' ');
            b.append(t.text());
        }
        return b.toString();
    }

    private static String localText(List<Tok> local) {
        StringBuilder b = new StringBuilder();
        for (Tok t : local) {
            if (t.kind() == 'q') b.append('"').append(t.text().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            else b.append(t.text());
        }
        return b.toString();
    }

    private void tokenize(String s) {
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) i++;
            else if (c == '(') i = comment(s, i);
            else if (c == '"') i = quoted(s, i);
            else if (c == '[') {
                int e = s.indexOf(']', i);
                e = e < 0 ? n : e + 1;
                toks.add(new Tok('w', s.substring(i, e)));
                i = e;
            } else if ("<>@,;:.".indexOf(c) >= 0) {
                toks.add(new Tok(c, String.valueOf(c)));
                i++;
            } else {
                int e = i;
                while (e < n && !Character.isWhitespace(s.charAt(e)) && "()\"[<>@,;:.".indexOf(s.charAt(e)) < 0) e++;
                toks.add(new Tok('w', s.substring(i, e)));
                i = e;
            }
        }
    }

    private int comment(String s, int i) {
        int depth = 0;
        StringBuilder b = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '\\' && i < s.length()) { b.append(s.charAt(i++)); continue; }
            if (c == '(' && depth++ == 0) continue;
            if (c == ')' && --depth == 0) break;
            b.append(c);
        }
        if (!b.toString().isBlank()) toks.add(new Tok('(', b.toString().strip()));
        return i;
    }

    private int quoted(String s, int i) {
        StringBuilder b = new StringBuilder();
        i++;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') break;
            if (c == '\\' && i < s.length()) c = s.charAt(i++);
            b.append(c);
        }
        toks.add(new Tok('q', b.toString()));
        return i;
    }
}
