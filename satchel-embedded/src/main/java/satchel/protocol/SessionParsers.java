package satchel.protocol;

import static satchel.protocol.CommandParser.end;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/** ID, LOGIN, AUTHENTICATE, ENABLE, COMPRESS: commands about the connection rather than mailboxes. */
final class SessionParsers {
    private SessionParsers() {}

    // RFC 2971 §3.3: at most 30 field-value pairs, fields of at most 30 octets, values of at most 1024.
    private static final int ID_PAIRS = 30, ID_FIELD = 30, ID_VALUE = 1024;
    /** Wire bytes of one pair at worst: every octet escaped in a quoted string, two quotes each, two SPs. */
    private static final int ID_PAIR_LINE = 2 * ID_FIELD + 2 + 2 * ID_VALUE + 2 + 2;

    /**
     * RFC 2971: ID SP ("(" [string SP nstring *(SP string SP nstring)] ")" / NIL). ID is offered before login,
     * where the line budget (8 KiB) is smaller than the RFC's maxima (30 pairs of 30 + 1024 octets), so this
     * command's budgets grow by exactly what those maxima can take on the wire, and anything beyond is BAD.
     */
    static Command.Id id(ImapReader r, String tag) throws IOException, ProtocolException {
        r.widenCommand(ID_PAIRS * ID_PAIR_LINE, ID_PAIRS * (ID_FIELD + ID_VALUE));
        r.sp();
        if (r.peek() != '(') {
            if (!Args.upper(r.atom()).equals("NIL")) throw r.bad("Invalid argument to ID");
            return end(r, new Command.Id(tag, null));
        }
        r.next();
        r.enter();
        List<String> params = new ArrayList<>();
        if (!r.accept(')')) {
            do {
                if (params.size() == 2 * ID_PAIRS) throw r.bad("ID takes at most " + ID_PAIRS + " field-value pairs");
                params.add(bounded(r, r.string(), ID_FIELD, "field"));
                r.sp();
                String value = r.nstring();
                params.add(value == null ? null : bounded(r, value, ID_VALUE, "value"));
            } while (r.accept(' '));
            r.expect(')', "ID parameter list");
        }
        r.leave();
        return end(r, new Command.Id(tag, java.util.Collections.unmodifiableList(params)));
    }

    private static String bounded(ImapReader r, String s, int max, String what) throws ProtocolException {
        if (s.getBytes(StandardCharsets.UTF_8).length > max) {
            throw r.bad("ID " + what + " longer than " + max + " octets");
        }
        return s;
    }

    /** LOGIN SP userid SP password (both astring). */
    static Command.Login login(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        String user = r.astring();
        r.sp();
        String password = r.astring();
        return end(r, new Command.Login(tag, user, password));
    }

    /** AUTHENTICATE SP auth-type [SP (base64 / "=")] (RFC 4959 SASL-IR). Mechanism upper-cased. */
    static Command.Authenticate authenticate(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        String mechanism = Args.upper(r.atom());
        String initial = null;
        if (r.accept(' ')) {
            initial = r.readWhile(c -> Args.isLetter(c) || Args.isDigit(c) || c == '+' || c == '/' || c == '=');
            if (initial.isEmpty()) throw r.expected("initial response");
            if (!validInitialResponse(initial)) throw r.bad("Invalid base64 in initial response");
        }
        return end(r, new Command.Authenticate(tag, mechanism, java.util.Optional.ofNullable(initial)));
    }

    private static boolean validInitialResponse(String s) {
        if (s.equals("=")) return true;
        if (s.length() % 4 != 0) return false;
        int pad = s.indexOf('=');
        return pad < 0 || pad >= s.length() - 2 && s.substring(pad).chars().allMatch(c -> c == '=');
    }

    /** RFC 5161: ENABLE 1*(SP capability); names upper-cased as capabilities are case-insensitive. */
    static Command.Enable enable(ImapReader r, String tag) throws IOException, ProtocolException {
        List<String> caps = new ArrayList<>();
        do {
            r.sp();
            caps.add(Args.upper(r.atom()));
        } while (r.peek() == ' ');
        return end(r, new Command.Enable(tag, List.copyOf(caps)));
    }

    /** RFC 4978: COMPRESS SP algorithm; upper-cased. */
    static Command.Compress compress(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        return end(r, new Command.Compress(tag, Args.upper(r.atom())));
    }

    /** RFC 5267 §5: "CANCELUPDATE" 1*(SP quoted); literals are taken too, as strings everywhere else. */
    static Command.CancelUpdate cancelUpdate(ImapReader r, String tag) throws IOException, ProtocolException {
        List<String> tags = new ArrayList<>();
        do {
            r.sp();
            tags.add(r.string());
        } while (r.peek() == ' ');
        return end(r, new Command.CancelUpdate(tag, List.copyOf(tags)));
    }
}
