package satchel.protocol;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What NOTIFY SET asks for (RFC 5465 §3.1, §6): whether to send STATUS for the covered mailboxes at once, and the
 * event groups in the order given (the first group that covers a mailbox decides its events).
 */
public record NotifySpec(boolean status, List<Group> groups) {
    public NotifySpec { groups = List.copyOf(groups); }

    /** Which mailboxes a group covers (RFC 5465 §6). Names are decoded; an invalid one covers nothing. */
    public sealed interface Filter {
        /** SELECTED, or SELECTED-DELAYED: expunges wait for a command that allows them (§6). */
        record Selected(boolean delayed) implements Filter {}

        record Personal() implements Filter {}

        record Inboxes() implements Filter {}

        record Subscribed() implements Filter {}

        record Subtree(List<MailboxName> roots) implements Filter {}

        record Mailboxes(List<MailboxName> names) implements Filter {}
    }

    /** The events of RFC 5465 §5, by their names on the wire. */
    public enum Event {
        MESSAGE_NEW("MessageNew"), MESSAGE_EXPUNGE("MessageExpunge"), FLAG_CHANGE("FlagChange"),
        ANNOTATION_CHANGE("AnnotationChange"), MAILBOX_NAME("MailboxName"), SUBSCRIPTION_CHANGE("SubscriptionChange"),
        MAILBOX_METADATA_CHANGE("MailboxMetadataChange"), SERVER_METADATA_CHANGE("ServerMetadataChange");

        public final String wire;

        Event(String wire) {
            this.wire = wire;
        }

        public boolean messageEvent() {
            return this == MESSAGE_NEW || this == MESSAGE_EXPUNGE || this == FLAG_CHANGE || this == ANNOTATION_CHANGE;
        }

        static Optional<Event> named(String name) {
            for (Event e : values()) if (e.wire.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) return Optional.of(e);
            return Optional.empty();
        }
    }

    /**
     * One event group. {@code fetch}: the attributes MessageNew asks for (selected mailbox only, empty when none);
     * {@code unknown}: event names this server does not know (event-ext), answered with NO [BADEVENT].
     */
    public record Group(Filter filter, Set<Event> events, List<FetchItem> fetch, List<String> unknown) {
        public Group {
            events = Set.copyOf(events);
            fetch = List.copyOf(fetch);
            unknown = List.copyOf(unknown);
        }
    }
}
