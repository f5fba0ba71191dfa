package satchel.session;

import java.util.LinkedHashSet;
import java.util.Set;
import satchel.store.MailboxId;

/**
 * What rang since the last delivery of a NOTIFY session: the mailboxes (each once, however often it rang) and
 * whether the account's tree, subscriptions or annotations changed. Its memory is bounded by the mailboxes the
 * session watches; a client that falls more than {@code maxEvents} doorbells behind overflows (RFC 5465 §5.8,
 * NOTIFICATIONOVERFLOW) and the session stops notifying. Thread-safe: store threads ring, the notifier drains.
 */
final class NotifyQueue {
    /** One delivery's worth. */
    record Drained(Set<MailboxId> mailboxes, boolean account, boolean overflow) {}

    private final int maxEvents;
    private Set<MailboxId> dirty = new LinkedHashSet<>();
    private boolean account;
    private int events;
    private boolean overflow;

    NotifyQueue(int maxEvents) {
        this.maxEvents = maxEvents;
    }

    synchronized void ring(MailboxId mailbox) {
        if (overflow) return;
        if (++events > maxEvents) {
            overflow = true;
            dirty.clear();
            return;
        }
        dirty.add(mailbox);
    }

    synchronized void ringAccount() {
        if (overflow) return;
        if (++events > maxEvents) {
            overflow = true;
            dirty.clear();
            return;
        }
        account = true;
    }

    synchronized Drained drain() {
        Drained d = new Drained(dirty, account, overflow);
        dirty = new LinkedHashSet<>();
        account = false;
        events = 0;
        return d;
    }
}
