package satchel.protocol;

import static satchel.protocol.CommandParser.end;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/**
 * APPEND SP mailbox 1*(SP [flag-list SP] [date-time SP] append-data) (RFC 3501 §6.3.11, RFC 3502
 * MULTIAPPEND, RFC 3516 literal8, RFC 6855 §4 UTF8 data). Messages are read whole, into memory or spool files; their sum is bounded by
 * {@code appendBytes}, and a synchronising literal over it ends the command with TOO_BIG before any of its bytes is
 * read.
 */
final class AppendParser {
    private AppendParser() {}

    static Command.Append append(ImapReader r, String tag, CommandParser.Continuation continuation)
            throws IOException, ProtocolException {
        r.sp();
        MailboxName mailbox = Args.mailbox(r);
        if (continuation != null) r.refuseSynchronizingLiteral(() -> continuation.vetoAppend(tag, mailbox));
        List<Command.AppendMessage> messages = new ArrayList<>();
        do {
            r.sp();
            messages.add(message(r));
        } while (r.peek() == ' ');
        return end(r, new Command.Append(tag, mailbox, List.copyOf(messages)));
    }

    /**
     * RFC 8508 §6: replace = "REPLACE" SP seq-number SP mailbox append-message, and "UID REPLACE" with a UID
     * (nz-number, no "*"). One message only (§3.4: no MULTIAPPEND), read like APPEND's: LITERAL+, literal8, the
     * UTF8 form, the size budget, and the early NO for a missing mailbox before a synchronising literal.
     */
    static Command.Replace replace(ImapReader r, String tag, boolean byUid, CommandParser.Continuation continuation)
            throws IOException, ProtocolException {
        r.sp();
        long message = Args.seqNumber(r);
        if (byUid && message == SequenceSet.STAR) throw r.bad("UID REPLACE needs a UID, not *");
        r.sp();
        MailboxName mailbox = Args.mailbox(r);
        if (continuation != null) r.refuseSynchronizingLiteral(() -> continuation.vetoAppend(tag, mailbox));
        r.sp();
        Command.AppendMessage replacement = message(r);
        if (r.peek() == ' ') {
            replacement.close();
            throw r.bad("REPLACE takes one message (RFC 8508 §3.4)");
        }
        return end(r, new Command.Replace(tag, byUid, message, mailbox, replacement));
    }

    private static Command.AppendMessage message(ImapReader r) throws IOException, ProtocolException {
        Set<String> flags = Set.of();
        OffsetDateTime date = null;
        if (r.peek() == '(') {
            flags = Set.copyOf(Args.flagList(r));
            r.sp();
        }
        if (r.peek() == '"') {
            date = Args.dateTime(r);
            r.sp();
        }
        java.util.Optional<OffsetDateTime> given = java.util.Optional.ofNullable(date);
        if (!Args.isLetter(r.peek())) return new Command.AppendMessage(flags, given, r.appendData());
        String word = Args.upper(r.atom());
        return switch (word) {
            case "UTF8" -> new Command.AppendMessage(flags, given, utf8Data(r));
            case "CATENATE" -> new Command.AppendMessage(flags, given, catenate(r));
            default -> throw r.bad("Invalid APPEND data " + (word.length() > 40 ? word.substring(0, 40) : word));
        };
    }

    /**
     * RFC 4469 §5: "CATENATE" SP "(" cat-part *(SP cat-part) ")", cat-part = "TEXT" SP literal / "URL" SP astring.
     * The literals are read like APPEND's (LITERAL+, the same budget, summed over the command); URLs are resolved
     * by the session once the whole command is read, so a bad one never leaves a literal unread.
     */
    private static List<Command.CatPart> catenate(ImapReader r) throws IOException, ProtocolException {
        r.sp();
        r.expect('(', "CATENATE parts");
        r.enter();
        List<Command.CatPart> parts = new ArrayList<>();
        do {
            String kind = Args.upper(r.atom());
            r.sp();
            switch (kind) {
                case "TEXT" -> parts.add(new Command.CatPart.Text(r.appendData()));
                case "URL" -> parts.add(new Command.CatPart.Url(r.astring()));
                default -> throw r.bad("CATENATE takes TEXT and URL parts, not " + (kind.length() > 40 ? kind.substring(0, 40) : kind));
            }
        } while (r.accept(' '));
        r.expect(')', "CATENATE parts");
        r.leave();
        return parts;
    }

    /**
     * RFC 6855 §4: append-data =/ "UTF8" SP "(" literal8 ")", the form Thunderbird sends for a message whose
     * headers carry UTF-8; only once the session has enabled UTF8=ACCEPT. A plain literal inside is taken too.
     */
    private static satchel.wire.Literal utf8Data(ImapReader r) throws IOException, ProtocolException {
        if (!r.settings().utf8Accept()) throw r.bad("APPEND UTF8 needs ENABLE UTF8=ACCEPT first");
        r.sp();
        r.expect('(', "UTF8 data");
        satchel.wire.Literal data = r.appendData();
        r.expect(')', "UTF8 data");
        return data;
    }
}
