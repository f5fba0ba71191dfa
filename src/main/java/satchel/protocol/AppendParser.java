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
        ProtocolException veto = continuation == null ? null : continuation.vetoAppend(tag, mailbox);
        if (veto != null) r.refuseSynchronizingLiteral(veto);
        List<Command.AppendMessage> messages = new ArrayList<>();
        do {
            r.sp();
            messages.add(message(r));
        } while (r.peek() == ' ');
        return end(r, new Command.Append(tag, mailbox, List.copyOf(messages)));
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
        if (Args.isLetter(r.peek())) return new Command.AppendMessage(flags, given, utf8Data(r));
        return new Command.AppendMessage(flags, given, r.appendData());
    }

    /**
     * RFC 6855 §4: append-data =/ "UTF8" SP "(" literal8 ")", the form Thunderbird sends for a message whose
     * headers carry UTF-8; only once the session has enabled UTF8=ACCEPT. A plain literal inside is taken too.
     */
    private static satchel.wire.Literal utf8Data(ImapReader r) throws IOException, ProtocolException {
        String word = Args.upper(r.atom());
        if (!word.equals("UTF8")) throw r.bad("Invalid APPEND data " + (word.length() > 40 ? word.substring(0, 40) : word));
        if (!r.settings().utf8Accept()) throw r.bad("APPEND UTF8 needs ENABLE UTF8=ACCEPT first");
        r.sp();
        r.expect('(', "UTF8 data");
        satchel.wire.Literal data = r.appendData();
        r.expect(')', "UTF8 data");
        return data;
    }
}
