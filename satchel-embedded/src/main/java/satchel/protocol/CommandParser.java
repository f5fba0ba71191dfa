package satchel.protocol;

import java.io.IOException;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/**
 * Reads one whole command at a time from an {@link ImapReader}, following RFC 9051 §9 / RFC 3501 §9.
 * Command names and keywords are case-insensitive. On {@link ProtocolException.Kind#BAD} the rest of the line
 * has been skipped, so the next call reads the next command; TOO_BIG leaves the reader in step too; FATAL
 * means the connection must close. The exception carries the tag when one was read.
 */
public final class CommandParser {
    /** Called before the payload of a synchronising literal is read: the session sends "+ ..." (RFC 3501 §7.5). */
    public interface Continuation {
        void ready(long size) throws IOException;

        /**
         * Asked when APPEND has named its mailbox and a synchronising literal is about to be requested (never for
         * LITERAL+): a non-null answer (kind REFUSED) is sent instead of "+" (e.g. NO [TRYCREATE] for a missing
         * mailbox).
         */
        default ProtocolException vetoAppend(String tag, MailboxName mailbox) { return null; }
    }

    private CommandParser() {}

    /** The next command, or null at a clean end of stream. */
    public static Command next(ImapReader reader, Continuation continuation) throws IOException, ProtocolException {
        if (!reader.beginCommand(continuation == null ? null : continuation::ready)) return null;
        try {
            String tag = reader.tag();
            reader.sp();
            String name = Args.upper(reader.atom());
            reader.command(name);
            return command(reader, tag, name, continuation);
        } catch (ProtocolException e) {
            if (e.kind() == ProtocolException.Kind.BAD) reader.skipLine();
            throw e;
        }
    }

    private static Command command(ImapReader r, String tag, String name, Continuation continuation)
            throws IOException, ProtocolException {
        return switch (name) {
            case "CAPABILITY" -> end(r, new Command.Capability(tag));
            case "NOOP" -> end(r, new Command.Noop(tag));
            case "LOGOUT" -> end(r, new Command.Logout(tag));
            case "STARTTLS" -> end(r, new Command.StartTls(tag));
            case "IDLE" -> end(r, new Command.Idle(tag));
            case "NAMESPACE" -> end(r, new Command.Namespace(tag));
            case "CHECK" -> end(r, new Command.Check(tag));
            case "CLOSE" -> end(r, new Command.Close(tag));
            case "UNSELECT" -> end(r, new Command.Unselect(tag));
            case "EXPUNGE" -> end(r, new Command.Expunge(tag, java.util.Optional.empty()));
            case "ID" -> SessionParsers.id(r, tag);
            case "LOGIN" -> SessionParsers.login(r, tag);
            case "AUTHENTICATE" -> SessionParsers.authenticate(r, tag);
            case "ENABLE" -> SessionParsers.enable(r, tag);
            case "COMPRESS" -> SessionParsers.compress(r, tag);
            case "SELECT" -> MailboxParsers.select(r, tag, false);
            case "EXAMINE" -> MailboxParsers.select(r, tag, true);
            case "CREATE" -> MailboxParsers.create(r, tag);
            case "DELETE" -> MailboxParsers.delete(r, tag);
            case "RENAME" -> MailboxParsers.rename(r, tag);
            case "SUBSCRIBE" -> MailboxParsers.subscribe(r, tag, true);
            case "UNSUBSCRIBE" -> MailboxParsers.subscribe(r, tag, false);
            case "STATUS" -> MailboxParsers.status(r, tag);
            case "LIST" -> ListParser.list(r, tag);
            case "LSUB" -> ListParser.lsub(r, tag);
            case "APPEND" -> AppendParser.append(r, tag, continuation);
            case "GETQUOTA" -> QuotaParser.getQuota(r, tag);
            case "GETQUOTAROOT" -> QuotaParser.getQuotaRoot(r, tag);
            case "SETQUOTA" -> QuotaParser.setQuota(r, tag);
            case "SEARCH" -> SearchParser.search(r, tag, false);
            case "FETCH" -> FetchParser.fetch(r, tag, false);
            case "STORE" -> StoreParser.store(r, tag, false);
            case "COPY" -> StoreParser.copy(r, tag, false, false);
            case "MOVE" -> StoreParser.copy(r, tag, false, true);
            case "SORT" -> SortParser.sort(r, tag, false);
            case "THREAD" -> SortParser.thread(r, tag, false);
            case "REPLACE" -> AppendParser.replace(r, tag, false, continuation);
            case "CANCELUPDATE" -> SessionParsers.cancelUpdate(r, tag);
            case "GETMETADATA" -> MetadataParser.get(r, tag);
            case "NOTIFY" -> NotifyParser.notify(r, tag);
            case "SETMETADATA" -> MetadataParser.set(r, tag);
            case "UID" -> uid(r, tag, continuation);
            default -> throw r.bad("Unknown command " + shorten(name));
        };
    }

    /** UID COPY / MOVE / FETCH / SEARCH / STORE / EXPUNGE / REPLACE (RFC 3501 §6.4.8, RFC 4315, RFC 6851, RFC 8508). */
    private static Command uid(ImapReader r, String tag, Continuation continuation) throws IOException, ProtocolException {
        r.sp();
        String name = Args.upper(r.atom());
        r.command("UID " + name);
        return switch (name) {
            case "SEARCH" -> SearchParser.search(r, tag, true);
            case "FETCH" -> FetchParser.fetch(r, tag, true);
            case "STORE" -> StoreParser.store(r, tag, true);
            case "COPY" -> StoreParser.copy(r, tag, true, false);
            case "MOVE" -> StoreParser.copy(r, tag, true, true);
            case "EXPUNGE" -> StoreParser.uidExpunge(r, tag);
            case "SORT" -> SortParser.sort(r, tag, true);
            case "THREAD" -> SortParser.thread(r, tag, true);
            case "REPLACE" -> AppendParser.replace(r, tag, true, continuation);
            default -> throw r.bad("Unknown command UID " + shorten(name));
        };
    }

    static <C extends Command> C end(ImapReader r, C command) throws IOException, ProtocolException {
        r.crlf();
        return command;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
