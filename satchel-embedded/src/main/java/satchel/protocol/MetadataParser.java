package satchel.protocol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/**
 * GETMETADATA and SETMETADATA (RFC 5464 §5, options before the mailbox as errata 2785 and 2786 fix them):
 * <pre>
 * getmetadata = "GETMETADATA" [SP getmetadata-options] SP mailbox SP entries
 * setmetadata = "SETMETADATA" SP mailbox SP entry-values
 * entries = entry / "(" entry *(SP entry) ")"     entry-values = "(" entry-value *(SP entry-value) ")"
 * entry-value = entry SP value                     value = nstring / literal8
 * </pre>
 */
final class MetadataParser {
    private MetadataParser() {}

    static Command get(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        Metadata.Options options = Metadata.Options.NONE;
        if (r.peek() == '(') {
            options = options(r);
            r.sp();
        }
        Metadata.Target target = target(r);
        r.sp();
        List<String> entries = new ArrayList<>();
        if (r.accept('(')) {
            r.enter();
            do entries.add(entry(r)); while (r.accept(' '));
            r.expect(')', "')'");
            r.leave();
        } else {
            entries.add(entry(r));
        }
        return CommandParser.end(r, new Command.GetMetadata(tag, target, List.copyOf(entries), options));
    }

    /** getmetadata-options = "(" option *(SP option) ")": MAXSIZE number, DEPTH ("0" / "1" / "infinity"). */
    private static Metadata.Options options(ImapReader r) throws IOException, ProtocolException {
        r.expect('(', "'('");
        r.enter();
        OptionalLong maxSize = OptionalLong.empty();
        Metadata.Depth depth = null;
        Set<String> seen = new HashSet<>();
        do {
            String name = r.atom().toUpperCase(Locale.ROOT);
            if (!seen.add(name)) throw r.bad("GETMETADATA option given twice: " + name);
            r.sp();
            switch (name) {
                case "MAXSIZE" -> maxSize = OptionalLong.of(r.number());
                case "DEPTH" -> depth = switch (r.atom().toLowerCase(Locale.ROOT)) {
                    case "0" -> Metadata.Depth.ZERO;
                    case "1" -> Metadata.Depth.ONE;
                    case "infinity" -> Metadata.Depth.INFINITY;
                    default -> throw r.bad("DEPTH is 0, 1 or infinity");
                };
                default -> throw r.bad("Unknown GETMETADATA option " + (name.length() > 20 ? name.substring(0, 20) : name));
            }
        } while (r.accept(' '));
        r.expect(')', "')'");
        r.leave();
        return new Metadata.Options(maxSize, depth == null ? Metadata.Depth.ZERO : depth);
    }

    static Command set(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        Metadata.Target target = target(r);
        r.sp();
        r.expect('(', "'(' and entry values");
        r.enter();
        List<Metadata.Value> values = new ArrayList<>();
        do {
            String entry = entry(r);
            if (!Metadata.settable(entry)) throw r.bad("Entry " + entry + " is a scope, not an entry with a value");
            r.sp();
            values.add(new Metadata.Value(entry, value(r)));
        } while (r.accept(' '));
        r.expect(')', "')'");
        r.leave();
        return CommandParser.end(r, new Command.SetMetadata(tag, target, List.copyOf(values)));
    }

    /** Mailbox "" means the server's annotations (RFC 5464 §4.2). */
    private static Metadata.Target target(ImapReader r) throws IOException, ProtocolException {
        if (r.peek() == '(') throw r.expected("mailbox name");
        MailboxName name = Args.mailbox(r);
        if (name instanceof MailboxName.Valid(String n) && n.isEmpty()) return new Metadata.Target.Server();
        return new Metadata.Target.Mailbox(name);
    }

    /** entry = astring, checked by RFC 5464 §3.2: a bad name is a syntax error (BAD). */
    private static String entry(ImapReader r) throws IOException, ProtocolException {
        if (r.peek() == '(' || r.peek() == '~') throw r.expected("entry name");
        String name = r.astring();
        StringBuilder problem = new StringBuilder();
        String entry = Metadata.entryName(name, problem);
        if (entry == null) throw r.bad(problem.toString());
        return entry;
    }

    /**
     * value = nstring / literal8. Text values use CRLF for line ends (RFC 5464 §3.2 says clients MUST): a bare CR
     * or LF in a quoted string or literal is refused; a literal8 is binary and taken as it is.
     */
    private static byte[] value(ImapReader r) throws IOException, ProtocolException {
        int c = r.peek();
        if (c == '~') return r.literal8();
        if (c == 'N' || c == 'n') {
            if (!r.atom().equalsIgnoreCase("NIL")) throw r.expected("string, literal8 or NIL");
            return null;
        }
        if (c != '"' && c != '{') throw r.expected("string, literal8 or NIL");
        byte[] v = r.stringBytes();
        for (int i = 0; i < v.length; i++) {
            boolean crlf = v[i] == '\r' && i + 1 < v.length && v[i + 1] == '\n';
            if (crlf) i++;
            else if (v[i] == '\r' || v[i] == '\n') throw r.bad("Bare CR or LF in a text value; send it as literal8");
        }
        return v;
    }
}
