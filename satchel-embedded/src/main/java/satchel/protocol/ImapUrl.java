package satchel.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/**
 * An IMAP URL naming a message or a part of one (RFC 5092 §6 imessagepart), as CATENATE takes them (RFC 4469 §3):
 * {@code imap://user[;AUTH=*]@host[:port]/mailbox[;UIDVALIDITY=n]/;UID=n[/;SECTION=s][/;PARTIAL=o[.l]]}, the same
 * from {@code /mailbox...} on (relative to {@code imap://user@server/}), or from {@code ;UID=n} on (relative to the
 * selected mailbox). Mailbox names and sections are %-decoded (RFC 5092 §3: UTF-8); parameter names are
 * case-insensitive. URLAUTH, search and list URLs are not messages: they do not parse.
 *
 * @param user    the user of an absolute URL; empty for a relative one
 * @param mailbox the mailbox; empty for a URL relative to the selected mailbox
 */
public record ImapUrl(Optional<String> user, Optional<String> mailbox, OptionalLong uidValidity, long uid,
                      FetchItem.Section section, Optional<FetchItem.Partial> partial) {

    /** Why a URL cannot be used; the message is for the client. */
    public static final class Invalid extends Exception {
        Invalid(String message) { super(message); }
    }

    public static ImapUrl parse(String url) throws Invalid {
        String path;
        Optional<String> user = Optional.empty();
        if (url.regionMatches(true, 0, "imap://", 0, 7)) {
            int slash = url.indexOf('/', 7);
            if (slash < 0) throw new Invalid("no mailbox in the URL");
            String authority = url.substring(7, slash);
            int at = authority.lastIndexOf('@');
            if (at < 0) throw new Invalid("the URL names no user");
            String userinfo = authority.substring(0, at);
            int auth = userinfo.toUpperCase(Locale.ROOT).indexOf(";AUTH=");
            String encUser = auth < 0 ? userinfo : userinfo.substring(0, auth);
            if (encUser.isEmpty()) throw new Invalid("the URL names no user");
            user = Optional.of(decode(encUser));
            path = url.substring(slash + 1);
        } else if (url.startsWith("/")) {
            path = url.substring(1);
        } else if (url.startsWith(";")) {
            path = url; // relative to the selected mailbox: starts at ;UID=
        } else {
            throw new Invalid("not an IMAP URL");
        }
        String[] segments = path.split("/;", -1);
        Optional<String> mailbox = Optional.empty();
        OptionalLong uidValidity = OptionalLong.empty();
        int next = 0;
        if (!path.startsWith(";")) {
            String first = segments[0];
            int v = first.toUpperCase(Locale.ROOT).indexOf(";UIDVALIDITY=");
            String name = v < 0 ? first : first.substring(0, v);
            if (v >= 0) uidValidity = OptionalLong.of(number(first.substring(v + 13), "UIDVALIDITY"));
            if (name.isEmpty()) throw new Invalid("no mailbox in the URL");
            mailbox = Optional.of(decode(name));
            next = 1;
        } else {
            segments[0] = segments[0].substring(1);
        }
        long uid = 0;
        FetchItem.Section section = FetchItem.Section.whole();
        Optional<FetchItem.Partial> partial = Optional.empty();
        for (int i = next; i < segments.length; i++) {
            String s = segments[i];
            int eq = s.indexOf('=');
            String key = eq < 0 ? s.toUpperCase(Locale.ROOT) : s.substring(0, eq).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? "" : s.substring(eq + 1);
            switch (key) {
                case "UID" -> {
                    if (uid != 0 || i != next) throw new Invalid("UID must come once, right after the mailbox");
                    uid = number(value, "UID");
                }
                case "SECTION" -> {
                    if (uid == 0 || partial.isPresent()) throw new Invalid("SECTION must follow UID");
                    section = section(decode(value));
                }
                case "PARTIAL" -> {
                    if (uid == 0) throw new Invalid("PARTIAL must follow UID");
                    partial = Optional.of(partial(value));
                }
                default -> throw new Invalid("unsupported URL part ;" + key + " (only UID, SECTION and PARTIAL)");
            }
        }
        if (uid == 0) throw new Invalid("the URL names no message (;UID=)");
        return new ImapUrl(user, mailbox, uidValidity, uid, section, partial);
    }

    private static long number(String s, String what) throws Invalid {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Invalid(what + " must be a number");
        }
        long n = Long.parseLong(s);
        if (n == 0 || n > 0xFFFFFFFFL) throw new Invalid(what + " must be 1 to 4294967295");
        return n;
    }

    /** RFC 5092 §9 partial-range = number ["." nz-number]: an offset and a length. */
    private static FetchItem.Partial partial(String s) throws Invalid {
        int dot = s.indexOf('.');
        String off = dot < 0 ? s : s.substring(0, dot);
        if (off.isEmpty() || off.length() > 10 || !off.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Invalid("PARTIAL must be offset[.length]");
        }
        long length = dot < 0 ? Long.MAX_VALUE : number(s.substring(dot + 1), "PARTIAL length");
        return new FetchItem.Partial(Long.parseLong(off), length);
    }

    /** The section as FETCH reads it between brackets (RFC 5092 §6: enc-section is a FETCH section-spec). */
    private static FetchItem.Section section(String spec) throws Invalid {
        ImapReader r = new ImapReader(new ByteArrayInputStream(("[" + spec + "]\r\n").getBytes(StandardCharsets.UTF_8)));
        try {
            FetchItem.Section s = FetchAttParser.section(r);
            if (r.peek() != '\r') throw new Invalid("invalid SECTION " + spec); // CRLF ends it: no EOF inside a command
            return s;
        } catch (ProtocolException | IOException e) {
            throw new Invalid("invalid SECTION " + spec);
        }
    }

    /** %-decoding into UTF-8 (RFC 5092 §3.1: names are UTF-8, not modified UTF-7). */
    static String decode(String s) throws Invalid {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) throw new Invalid("bad %-escape");
                int hi = Character.digit(s.charAt(i + 1), 16), lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw new Invalid("bad %-escape");
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new Invalid("the URL is not UTF-8");
        }
    }
}
