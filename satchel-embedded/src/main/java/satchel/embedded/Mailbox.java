package satchel.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import satchel.store.MailStore;
import satchel.store.MailboxInfo;
import satchel.store.MessageMeta;
import satchel.store.StoreException;
import satchel.store.User;
import satchel.store.UserMail;

/** One user's mailbox as the store holds it now; every call reads it afresh. */
public final class Mailbox {
    private final MailStore store;
    private final User user;
    private final String name;

    Mailbox(MailStore store, User user, String name) {
        this.store = store;
        this.user = user;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The messages in UID order, with their flags, bytes and parsed headers. */
    public List<ReceivedMessage> messages() {
        try {
            UserMail mail = store.mail(user);
            MailboxInfo box = info(mail);
            List<ReceivedMessage> out = new ArrayList<>();
            for (MessageMeta m : mail.snapshot(box.id()).messages()) {
                try {
                    out.add(new ReceivedMessage(m.uid(), m.flags(), m.internalDate(), mail.content(box.id(), m.uid())));
                } catch (StoreException e) {
                    if (e.kind() != StoreException.Kind.NONEXISTENT) throw e; // expunged since the snapshot: skip
                }
            }
            return out;
        } catch (StoreException e) {
            throw new IllegalStateException("cannot read " + this + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the mailbox holds at least {@code count} messages and returns them. Woken by the store's doorbell
     * on each change (no polling); on timeout throws an {@link AssertionError} that lists what the mailbox held.
     */
    public List<ReceivedMessage> awaitMessages(int count, Duration timeout) {
        MailboxInfo box;
        try {
            box = info(store.mail(user));
        } catch (StoreException e) {
            throw new IllegalStateException("cannot read " + this + ": " + e.getMessage(), e);
        }
        Semaphore bell = new Semaphore(0);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (AutoCloseable watch = store.watch(box.id(), bell::release)) { // before the first look: no change missed
            while (true) {
                List<ReceivedMessage> now = messages();
                if (now.size() >= count) return now;
                long left = deadline - System.nanoTime();
                if (left <= 0 || !bell.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    List<ReceivedMessage> last = messages();
                    if (last.size() >= count) return last;
                    throw new AssertionError("expected " + count + " message(s) in " + this + " within " + timeout
                            + ", it holds " + last.size() + describe(last));
                }
                bell.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for mail in " + this, e);
        } catch (Exception e) {
            if (e instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e); // closing the watch does not throw
        }
    }

    /** The message count and one line per message, for a failure message. */
    public String describe() {
        List<ReceivedMessage> now = messages();
        return this + ": " + now.size() + " message(s)" + describe(now);
    }

    private static String describe(List<ReceivedMessage> messages) {
        StringBuilder s = new StringBuilder();
        for (ReceivedMessage m : messages) s.append("\n  ").append(m.summary());
        return s.toString();
    }

    private MailboxInfo info(UserMail mail) throws StoreException {
        return mail.find(name).filter(MailboxInfo::selectable).orElseThrow(() ->
                new IllegalArgumentException("no mailbox " + name + " for " + user.name()));
    }

    @Override public String toString() {
        return user.name() + "/" + name;
    }
}
