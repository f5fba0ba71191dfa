package satchel.protocol;

import static satchel.protocol.CommandParser.end;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/**
 * LIST, basic and extended (RFC 5258; RFC 6154 SPECIAL-USE; RFC 5819 RETURN STATUS), and LSUB. Options are
 * upper-cased; unknown options are BAD (RFC 5258 §3). A STATUS return option appears in {@code returnOptions}
 * as "STATUS" and its items in {@code returnStatus}.
 */
final class ListParser {

    private ListParser() {}

    /** LIST [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts] */
    static Command.ListMailboxes list(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        Set<Command.ListSelect> select = Set.of();
        if (r.peek() == '(') {
            select = selectOptions(r);
            r.sp();
        }
        MailboxName reference = Args.mailbox(r);
        r.sp();
        List<MailboxName> patterns = patterns(r);
        Set<Command.ListReturn> returns = new LinkedHashSet<>();
        Set<Command.StatusItem> status = Set.of();
        if (r.accept(' ')) {
            if (!Args.upper(r.atom()).equals("RETURN")) throw r.bad("Expected RETURN in LIST");
            r.sp();
            r.expect('(', "return options");
            r.enter();
            while (!r.accept(')')) {
                if (!returns.isEmpty()) r.sp();
                Command.ListReturn opt = option(r, Command.ListReturn.class, "return");
                returns.add(opt);
                if (opt == Command.ListReturn.STATUS) {
                    r.sp();
                    status = MailboxParsers.statusItems(r);
                }
            }
            r.leave();
        }
        return end(r, new Command.ListMailboxes(tag, decoded(reference), matchable(reference, patterns), select,
                Set.copyOf(returns), Set.copyOf(status), false));
    }

    /** list-select-opts = "(" [option *(SP option)] ")"; RECURSIVEMATCH needs a base option (RFC 5258 §3.1). */
    private static Set<Command.ListSelect> selectOptions(ImapReader r) throws IOException, ProtocolException {
        Set<Command.ListSelect> opts = new LinkedHashSet<>();
        r.next();
        r.enter();
        while (!r.accept(')')) {
            if (!opts.isEmpty()) r.sp();
            opts.add(option(r, Command.ListSelect.class, "selection"));
        }
        r.leave();
        if (opts.contains(Command.ListSelect.RECURSIVEMATCH) && !opts.contains(Command.ListSelect.SUBSCRIBED)
                && !opts.contains(Command.ListSelect.SPECIAL_USE))
            throw r.bad("RECURSIVEMATCH needs another selection option");
        return Set.copyOf(opts);
    }

    /** An option atom, "SPECIAL-USE" spelled SPECIAL_USE in Java. */
    private static <E extends Enum<E>> E option(ImapReader r, Class<E> known, String kind)
            throws IOException, ProtocolException {
        String opt = Args.upper(r.atom());
        for (E e : known.getEnumConstants()) if (e.name().replace('_', '-').equals(opt)) return e;
        throw r.bad("Unknown LIST " + kind + " option " + opt);
    }

    /** mbox-or-pat = list-mailbox / "(" list-mailbox *(SP list-mailbox) ")" */
    private static List<MailboxName> patterns(ImapReader r) throws IOException, ProtocolException {
        if (r.peek() != '(') return List.of(Args.listMailbox(r));
        r.next();
        r.enter();
        List<MailboxName> patterns = new ArrayList<>();
        do patterns.add(Args.listMailbox(r)); while (r.accept(' '));
        r.expect(')', "mailbox patterns");
        r.leave();
        return List.copyOf(patterns);
    }

    /** LSUB SP mailbox SP list-mailbox (RFC 3501 §6.3.9). */
    static Command.ListMailboxes lsub(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        MailboxName reference = Args.mailbox(r);
        r.sp();
        MailboxName pattern = Args.listMailbox(r);
        return end(r, new Command.ListMailboxes(tag, decoded(reference), matchable(reference, List.of(pattern)),
                Set.of(), Set.of(), Set.of(), true));
    }

    /**
     * The patterns that can match something: every mailbox name has a valid modified UTF-7 spelling, so a pattern
     * that is not valid modified UTF-7 matches none (as in Dovecot), and neither does one joined to such a
     * reference; one starting with the delimiter ignores the reference (RFC 3501 §6.3.8).
     */
    private static List<String> matchable(MailboxName reference, List<MailboxName> patterns) {
        List<String> out = new ArrayList<>();
        for (MailboxName p : patterns) {
            if (p instanceof MailboxName.Valid(String name)
                    && (reference instanceof MailboxName.Valid || name.startsWith("/"))) out.add(name);
        }
        return List.copyOf(out);
    }

    private static String decoded(MailboxName reference) {
        return reference instanceof MailboxName.Valid(String name) ? name : "";
    }
}
