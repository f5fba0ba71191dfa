package satchel.protocol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/**
 * NOTIFY (RFC 5465 §8):
 * <pre>
 * notify          = "NOTIFY" SP (notify-set / notify-none)
 * notify-set      = "SET" [SP "STATUS"] SP event-group *(SP event-group)
 * event-group     = "(" filter-mailboxes SP events ")"
 * filter-mailboxes = "selected" / "selected-delayed" / "inboxes" / "personal" / "subscribed"
 *                  / ("subtree" SP one-or-more-mailbox) / ("mailboxes" SP one-or-more-mailbox)
 * events          = ("(" event *(SP event) ")") / "NONE"
 * message-event   = ("MessageNew" [SP "(" fetch-att *(SP fetch-att) ")"]) / "MessageExpunge" / "FlagChange" / ...
 * </pre>
 * Mailbox events for the selected mailbox, and fetch attributes for any other, are BAD (§5).
 */
final class NotifyParser {
    private NotifyParser() {}

    static Command notify(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        String verb = Args.upper(r.atom());
        if (verb.equals("NONE")) return CommandParser.end(r, new Command.Notify(tag, Optional.empty()));
        if (!verb.equals("SET")) throw r.bad("NOTIFY SET or NOTIFY NONE");
        r.sp();
        boolean status = false;
        if (r.peek() != '(') {
            if (!Args.upper(r.atom()).equals("STATUS")) throw r.bad("NOTIFY SET takes STATUS or event groups");
            status = true;
            r.sp();
        }
        List<NotifySpec.Group> groups = new ArrayList<>();
        boolean selected = false;
        do {
            NotifySpec.Group g = group(r);
            if (g.filter() instanceof NotifySpec.Filter.Selected) {
                if (selected) throw r.bad("SELECTED given twice");
                selected = true;
            }
            groups.add(g);
        } while (r.accept(' '));
        return CommandParser.end(r, new Command.Notify(tag, Optional.of(new NotifySpec(status, groups))));
    }

    private static NotifySpec.Group group(ImapReader r) throws IOException, ProtocolException {
        r.expect('(', "'(' and an event group");
        r.enter();
        NotifySpec.Filter filter = filter(r);
        r.sp();
        Set<NotifySpec.Event> events = EnumSet.noneOf(NotifySpec.Event.class);
        List<FetchItem> fetch = List.of();
        List<String> unknown = new ArrayList<>();
        boolean isSelected = filter instanceof NotifySpec.Filter.Selected;
        if (r.accept('(')) {
            r.enter();
            NotifySpec.Event previous = null;
            do {
                if (r.peek() == '(') { // MessageNew's fetch attributes
                    if (previous != NotifySpec.Event.MESSAGE_NEW || !fetch.isEmpty()) throw r.bad("Unexpected '('");
                    if (!isSelected) throw r.bad("Fetch attributes only for the selected mailbox");
                    fetch = FetchParser.items(r);
                    previous = null;
                    continue;
                }
                String name = r.atom();
                Optional<NotifySpec.Event> e = NotifySpec.Event.named(name);
                previous = e.orElse(null);
                if (e.isEmpty()) {
                    unknown.add(name);
                    continue;
                }
                if (!events.add(e.get())) throw r.bad(name + " given twice");
                if (isSelected && !e.get().messageEvent()) {
                    throw r.bad(name + " is not an event of the selected mailbox");
                }
            } while (r.accept(' '));
            r.expect(')', "')'");
            r.leave();
        } else if (!Args.upper(r.atom()).equals("NONE")) {
            throw r.bad("Events are a list or NONE");
        }
        r.expect(')', "')'");
        r.leave();
        return new NotifySpec.Group(filter, events, fetch, unknown);
    }

    private static NotifySpec.Filter filter(ImapReader r) throws IOException, ProtocolException {
        String name = Args.upper(r.atom());
        return switch (name) {
            case "SELECTED" -> new NotifySpec.Filter.Selected(false);
            case "SELECTED-DELAYED" -> new NotifySpec.Filter.Selected(true);
            case "PERSONAL" -> new NotifySpec.Filter.Personal();
            case "INBOXES" -> new NotifySpec.Filter.Inboxes();
            case "SUBSCRIBED" -> new NotifySpec.Filter.Subscribed();
            case "SUBTREE" -> new NotifySpec.Filter.Subtree(mailboxes(r));
            case "MAILBOXES" -> new NotifySpec.Filter.Mailboxes(mailboxes(r));
            default -> throw r.bad("Unknown mailbox filter " + (name.length() > 20 ? name.substring(0, 20) : name));
        };
    }

    /** SP one-or-more-mailbox */
    private static List<MailboxName> mailboxes(ImapReader r) throws IOException, ProtocolException {
        r.sp();
        if (!r.accept('(')) return List.of(Args.mailbox(r));
        r.enter();
        List<MailboxName> out = new ArrayList<>();
        do out.add(Args.mailbox(r)); while (r.accept(' '));
        r.expect(')', "')'");
        r.leave();
        return List.copyOf(out);
    }
}
