package satchel.protocol;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import satchel.wire.ImapReader;
import satchel.wire.ModifiedUtf7;
import satchel.wire.ProtocolException;

/** Argument rules shared by the command parsers (RFC 9051 §9), on top of {@link ImapReader}'s tokens. */
final class Args {
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    // date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
    private static final Pattern DATE_TIME =
            Pattern.compile("( \\d|\\d{1,2})-([A-Za-z]{3})-(\\d{4}) (\\d\\d):(\\d\\d):(\\d\\d) ([+-])(\\d\\d)(\\d\\d)");
    private static final Pattern DATE = Pattern.compile("(\\d{1,2})-([A-Za-z]{3})-(\\d{4})");

    private Args() {}

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    /** sequence-set (RFC 9051 §9), or "$" alone (RFC 5182 seq-last-command). */
    static SequenceSet sequenceSet(ImapReader r) throws IOException, ProtocolException {
        if (r.accept('$')) return SequenceSet.SAVED;
        List<SequenceSet.Range> ranges = new ArrayList<>();
        do {
            long lo = seqNumber(r), hi = lo;
            if (r.accept(':')) hi = seqNumber(r);
            ranges.add(new SequenceSet.Range(lo, hi));
        } while (r.accept(','));
        return SequenceSet.of(ranges);
    }

    static long seqNumber(ImapReader r) throws IOException, ProtocolException {
        if (r.accept('*')) return SequenceSet.STAR;
        if (!isDigit(r.peek())) throw r.expected("sequence set");
        long n = r.number();
        if (n == 0) throw r.bad("Invalid sequence set: 0 is not a message number");
        return n;
    }

    /**
     * mailbox = "INBOX" / astring, then modified UTF-7 decoded (RFC 3501 §5.1.3), or taken as UTF-8 once the
     * session has enabled IMAP4rev2 or UTF8=ACCEPT (RFC 9051 §5.1, RFC 6855 §3): "&" then means itself.
     */
    static MailboxName mailbox(ImapReader r) throws IOException, ProtocolException {
        return decodeMailbox(r, r.astring());
    }

    /** list-mailbox = 1*list-char / string: '%' and '*' may go unquoted (RFC 9051 §9). */
    static MailboxName listMailbox(ImapReader r) throws IOException, ProtocolException {
        int c = r.peek();
        if (c == '"' || c == '{') return decodeMailbox(r, r.string());
        String s = r.readWhile(x -> isAtomChar(x) || x == '%' || x == '*' || x == ']');
        if (s.isEmpty()) throw r.expected("mailbox pattern");
        return decodeMailbox(r, s);
    }

    /** Not valid modified UTF-7 is not a syntax error: the command goes on, and the handler answers NO. */
    private static MailboxName decodeMailbox(ImapReader r, String wire) {
        try {
            String name = r.settings().utf8() ? utf8Name(wire) : ModifiedUtf7.decode(wire);
            return new MailboxName.Valid(normaliseInbox(name));
        } catch (IllegalArgumentException e) {
            return new MailboxName.Invalid(wire, e.getMessage());
        }
    }

    /** A UTF-8 mailbox name (the reader has checked the UTF-8): any character but controls (RFC 9051 §5.1). */
    private static String utf8Name(String wire) {
        for (int i = 0; i < wire.length(); i++) {
            char c = wire.charAt(i);
            if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) throw new IllegalArgumentException("Control character in mailbox name");
        }
        return wire;
    }

    /** INBOX is case-insensitive (RFC 3501 §5.1): the whole first level is spelled "INBOX". */
    static String normaliseInbox(String name) {
        boolean firstLevel = name.length() == 5 || name.length() > 5 && name.charAt(5) == '/';
        return firstLevel && name.regionMatches(true, 0, "INBOX", 0, 5) ? "INBOX" + name.substring(5) : name;
    }

    /** flag-list = "(" [flag *(SP flag)] ")" */
    static Set<String> flagList(ImapReader r) throws IOException, ProtocolException {
        Set<String> flags = new LinkedHashSet<>();
        r.expect('(', "flag list");
        r.enter();
        if (!r.accept(')')) {
            do flags.add(flag(r)); while (r.accept(' '));
            r.expect(')', "flag list");
        }
        r.leave();
        return flags;
    }

    /** flag = "\" atom (system flag or flag-extension) / atom (keyword). */
    static String flag(ImapReader r) throws IOException, ProtocolException {
        if (r.accept('\\')) {
            if (!isAtomChar(r.peek())) throw r.expected("flag");
            return "\\" + r.atom();
        }
        if (!isAtomChar(r.peek())) throw r.expected("flag");
        return r.atom();
    }

    /** date-time, quoted: "dd-Mon-yyyy hh:mm:ss +zzzz" (day may be " d"). */
    static OffsetDateTime dateTime(ImapReader r) throws IOException, ProtocolException {
        if (r.peek() != '"') throw r.expected("date-time");
        Matcher m = DATE_TIME.matcher(r.string());
        if (!m.matches()) throw r.bad("Invalid date-time");
        try {
            int sign = m.group(7).equals("-") ? -1 : 1;
            ZoneOffset zone = ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(m.group(8)),
                    sign * Integer.parseInt(m.group(9)));
            LocalDateTime t = LocalDateTime.of(Integer.parseInt(m.group(3)), month(r, m.group(2)),
                    Integer.parseInt(m.group(1).trim()), Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
            return OffsetDateTime.of(t, zone);
        } catch (DateTimeException e) {
            throw r.bad("Invalid date-time");
        }
    }

    /** date = date-text / DQUOTE date-text DQUOTE; date-text = d-Mon-yyyy. */
    static LocalDate date(ImapReader r) throws IOException, ProtocolException {
        String text = r.peek() == '"' ? r.string() : r.readWhile(x -> isAtomChar(x));
        Matcher m = DATE.matcher(text);
        if (!m.matches()) throw text.isEmpty() ? r.expected("date") : r.bad("Invalid date " + text);
        try {
            return LocalDate.of(Integer.parseInt(m.group(3)), month(r, m.group(2)), Integer.parseInt(m.group(1)));
        } catch (DateTimeException e) {
            throw r.bad("Invalid date " + text);
        }
    }

    private static int month(ImapReader r, String name) throws ProtocolException {
        int i = MONTHS.indexOf(upper(name));
        if (i < 0) throw r.bad("Invalid month " + name);
        return i + 1;
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** ATOM-CHAR: printable ASCII except atom-specials ( ) { SP % * " \ ] */
    static boolean isAtomChar(int c) {
        return c > 0x20 && c < 0x7f && "(){%*\"\\]".indexOf(c) < 0;
    }

    static boolean isLetter(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }
}
