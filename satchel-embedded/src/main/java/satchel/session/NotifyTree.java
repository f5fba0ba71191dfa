package satchel.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import satchel.protocol.MailboxName;
import satchel.protocol.NotifySpec;
import satchel.protocol.NotifySpec.Event;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;
import satchel.store.MailboxNames;
import satchel.store.StoreException;
import satchel.store.UserMail;

/**
 * The user's mailboxes and subscriptions as a NOTIFY session last saw them, and which events the event groups
 * ask for on each name (RFC 5465 §6: the first group that covers a mailbox decides; SELECTED groups are not
 * about names). Compared with a fresh copy, it gives the MailboxName and SubscriptionChange differences.
 * Used under the notification lock only.
 */
final class NotifyTree {
    sealed interface Difference {
        record Created(MailboxInfo mailbox) implements Difference {}

        record Deleted(MailboxInfo mailbox) implements Difference {}

        record Renamed(String from, MailboxInfo mailbox) implements Difference {}

        record Subscribed(String name, boolean on) implements Difference {}
    }

    private final NotifySpec spec;
    private Map<MailboxId, MailboxInfo> byId;
    private Set<String> subscribed;

    private NotifyTree(NotifySpec spec, Map<MailboxId, MailboxInfo> byId, Set<String> subscribed) {
        this.spec = spec;
        this.byId = byId;
        this.subscribed = subscribed;
    }

    static NotifyTree load(UserMail mail, NotifySpec spec) throws StoreException {
        Map<MailboxId, MailboxInfo> byId = new HashMap<>();
        for (MailboxInfo m : mail.list()) byId.put(m.id(), m);
        return new NotifyTree(spec, byId, new TreeSet<>(mail.subscriptions()));
    }

    List<MailboxInfo> mailboxes() {
        return byId.values().stream().sorted(java.util.Comparator.comparing(MailboxInfo::name)).toList();
    }

    String name(MailboxId id) {
        MailboxInfo m = byId.get(id);
        return m == null ? null : m.name();
    }

    /** The events the first group covering {@code name} asks for; none if no group covers it. */
    Set<Event> events(String name) {
        for (NotifySpec.Group g : spec.groups()) {
            if (covers(g.filter(), name)) return g.events();
        }
        return Set.of();
    }

    private boolean covers(NotifySpec.Filter filter, String name) {
        return switch (filter) {
            case NotifySpec.Filter.Selected _ -> false;
            case NotifySpec.Filter.Personal _ -> true;
            // One personal namespace, and mail is delivered to INBOX only.
            case NotifySpec.Filter.Inboxes _ -> MailboxNames.isInbox(name);
            case NotifySpec.Filter.Subscribed _ -> subscribed.contains(name);
            case NotifySpec.Filter.Subtree(List<MailboxName> roots) -> roots.stream().anyMatch(r ->
                    r instanceof MailboxName.Valid(String root) && (name.equals(root) || name.startsWith(root + "/")));
            case NotifySpec.Filter.Mailboxes(List<MailboxName> names) -> names.stream().anyMatch(r ->
                    r instanceof MailboxName.Valid(String n) && name.equals(n));
        };
    }

    /** What changed from this tree to {@code next}: by mailbox id, so a rename is one difference. */
    List<Difference> differences(NotifyTree next) {
        List<Difference> out = new ArrayList<>();
        for (MailboxInfo old : mailboxes()) {
            MailboxInfo now = next.byId.get(old.id());
            if (now == null) out.add(new Difference.Deleted(old));
            else if (!now.name().equals(old.name())) out.add(new Difference.Renamed(old.name(), now));
        }
        for (MailboxInfo now : next.mailboxes()) {
            if (!byId.containsKey(now.id())) out.add(new Difference.Created(now));
        }
        for (String s : next.subscribed) if (!subscribed.contains(s)) out.add(new Difference.Subscribed(s, true));
        for (String s : subscribed) if (!next.subscribed.contains(s)) out.add(new Difference.Subscribed(s, false));
        return out;
    }

    void replaceWith(NotifyTree next) {
        byId = next.byId;
        subscribed = next.subscribed;
    }
}
