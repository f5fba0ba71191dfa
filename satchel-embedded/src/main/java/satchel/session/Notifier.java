package satchel.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.protocol.Command;
import satchel.protocol.Command.StatusItem;
import satchel.protocol.NotifySpec;
import satchel.protocol.NotifySpec.Event;
import satchel.protocol.SequenceSet;
import satchel.session.SessionState.Selected;
import satchel.store.AccountBell;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;
import satchel.store.MailboxStatus;
import satchel.store.StoreException;
import satchel.store.UserMetadata;
import satchel.wire.Response;

/**
 * One NOTIFY SET (RFC 5465) of one session. It watches, through this node's {@link MailboxFeed}s (the feed IDLE
 * uses: the store's doorbells, which PostgreSQL carries between nodes, and reads shared by the sessions a bell
 * woke), every mailbox an event group covers and the account's own bell (tree, subscriptions, annotations).
 * A virtual thread delivers what rang whenever no command is running; each delivery
 * compares with what the session last knew: STATUS for other mailboxes (§5.2-5.4), LIST for names and
 * subscriptions (§5.5, §5.6), METADATA for annotations (§5.7), and the selected mailbox's EXISTS, EXPUNGE and
 * FETCH (with MessageNew's attributes) as {@link MailboxView#sync} gives them.
 *
 * <p>What it keeps is bounded by the user's mailboxes: one status and one watch per covered mailbox, the names,
 * the subscriptions and a fingerprint per annotation; pending work is a {@link NotifyQueue}.
 */
final class Notifier {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    static final int MAX_PENDING_EVENTS = 10_000;

    private final Env env;
    private final Env fetchEnv;
    private final UserContext user;
    private final NotifySpec spec;
    private final NotifyTree tree;
    private final NotifyQueue queue;
    private final Semaphore bell = new Semaphore(0);
    private final Map<MailboxId, Watch> watches = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<MailboxId, MailboxStatus> known = new HashMap<>();
    private final AutoCloseable accountWatch;
    private Map<String, Long> annotations = Map.of();
    private volatile SessionState state;
    private volatile boolean closed;
    private Thread thread;
    /** UIDNEXT of the selected mailbox when the running command started: new messages get MessageNew's FETCH. */
    private long selectedUidNext;

    Notifier(Env env, UserContext user, NotifySpec spec, SessionState state, int maxEvents) throws StoreException {
        this.env = env;
        this.fetchEnv = new Env(env.store(), env.auth(), env.config(), env.conn(), new Replies(env.conn().writer()),
                env.observer());
        this.user = user;
        this.spec = spec;
        this.state = state;
        this.queue = new NotifyQueue(maxEvents);
        // Subscribe first, then read: a change in between rings and is compared at the first delivery.
        this.accountWatch = env.store().watch(AccountBell.of(user.user().id()), () -> {
            queue.ringAccount();
            bell.release();
        });
        try {
            this.tree = NotifyTree.load(user.mail(), spec);
            if (wantsAnnotations()) annotations = fingerprints(user.mail().metadata().all());
            for (MailboxInfo m : tree.mailboxes()) watchIfCovered(m);
            if (state instanceof Selected s) {
                selectedUidNext = s.view().uidNext();
                if (selectedGroup().isPresent()) watch(s.view().info());
            }
        } catch (StoreException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** RFC 5465 §3.1 STATUS: the covered mailboxes' STATUS now, with the items their message events concern. */
    void initialStatus(Replies out) throws IOException {
        for (MailboxInfo m : tree.mailboxes()) {
            MailboxStatus st = known.get(m.id());
            if (st == null || isSelected(m.id())) continue;
            Set<Event> ev = tree.events(m.name());
            Set<StatusItem> items = EnumSet.noneOf(StatusItem.class);
            if (ev.contains(Event.MESSAGE_NEW)) items.addAll(List.of(StatusItem.MESSAGES, StatusItem.UIDNEXT, StatusItem.UIDVALIDITY));
            if (ev.contains(Event.MESSAGE_EXPUNGE)) items.add(StatusItem.MESSAGES);
            if (ev.contains(Event.FLAG_CHANGE)) items.addAll(List.of(StatusItem.UIDVALIDITY, StatusItem.HIGHESTMODSEQ));
            if (!items.isEmpty()) StatusCommand.send(out, m.name(), st, items, 0);
        }
    }

    private void watchIfCovered(MailboxInfo m) {
        if (!m.selectable() || watches.containsKey(m.id())) return;
        if (tree.events(m.name()).stream().noneMatch(Event::messageEvent)) return;
        watch(m);
        try {
            known.put(m.id(), user.mail().status(m.id()));
        } catch (StoreException e) {
            known.remove(m.id()); // gone meanwhile: the account bell will say so
        }
    }

    /** A covered mailbox: this node's feed of it (as IDLE's), and this session's subscription to its doorbell. */
    private record Watch(MailboxFeed feed, AutoCloseable subscription) implements AutoCloseable {
        @Override public void close() {
            closeQuietly(subscription);
            feed.release();
        }
    }

    private void watch(MailboxInfo m) {
        MailboxId id = m.id();
        if (watches.containsKey(id)) return;
        MailboxFeed feed = MailboxFeed.acquire(env.store(), user.user().id(), m);
        watches.put(id, new Watch(feed, feed.subscribe(() -> {
            queue.ring(id);
            bell.release();
        })));
    }

    private void unwatch(MailboxId id) {
        Watch w = watches.remove(id);
        known.remove(id);
        closeQuietly(w);
    }

    void commandStarts() {
        if (state instanceof Selected s) selectedUidNext = s.view().uidNext();
    }

    /** The session's state after a command; the first call starts the delivering thread. */
    void state(SessionState next) {
        SessionState before = state;
        state = next;
        if (next instanceof Selected s && !(before instanceof Selected b && b.view() == s.view())) {
            selectedUidNext = s.view().uidNext();
            if (selectedGroup().isPresent()) watch(s.view().info());
        }
        if (thread == null && !closed) thread = Thread.ofVirtual().name("notify").start(this::loop);
        bell.release(); // the selected mailbox may have changed: deliver what waits
    }

    private void loop() {
        try {
            while (!closed) {
                bell.acquire();
                bell.drainPermits();
                if (closed) break;
                var lock = env.conn().notifications().lock();
                // Not lock(): a session that died inside a command never lets go, and close() must end this thread.
                while (!lock.tryLock(1, java.util.concurrent.TimeUnit.SECONDS)) if (closed) return;
                try {
                    if (!closed) deliver(state, false);
                    env.out().writerFlush();
                } catch (RuntimeException e) {
                    log.warn("NOTIFY delivery failed", e); // a bug; the next bell tries again
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException | IOException e) {
            // the connection closed; the session notices on its next read
        }
    }

    /**
     * Sends what rang since the last time. {@code inCommand}: called before a tagged completion, where the
     * command's own sync has already brought the selected mailbox up to date.
     */
    void deliver(SessionState now, boolean inCommand) throws IOException {
        Replies out = env.out();
        NotifyQueue.Drained d = queue.drain();
        if (d.overflow()) {
            out.queue(Response.untagged().atom("OK").code("NOTIFICATIONOVERFLOW").text("Too many notifications; NOTIFY is off"));
            env.conn().notifications().set(null); // RFC 5465 §5.8: as if NOTIFY NONE
            return;
        }
        try {
            if (d.account()) accountChanged(out);
            for (MailboxId id : d.mailboxes()) {
                if (!isSelected(id)) mailboxChanged(out, id);
            }
        } catch (StoreException e) {
            log.debug("NOTIFY could not read the store: {}", e.toString());
        }
        if (now instanceof Selected s) selected(out, s, inCommand);
    }

    private boolean isSelected(MailboxId id) {
        return state instanceof Selected s && s.view().info().id().equals(id);
    }

    /** §5.2-5.4 for a mailbox other than the selected one: STATUS with the items the change concerns. */
    private void mailboxChanged(Replies out, MailboxId id) throws IOException, StoreException {
        MailboxStatus was = known.get(id);
        if (was == null) return;
        Watch w = watches.get(id);
        if (w == null) return;
        MailboxStatus now;
        try {
            now = w.feed().status(user.mail()); // one read for every session of this node that the bell woke
        } catch (StoreException e) {
            return; // deleted meanwhile: the account bell tells MailboxName
        }
        known.put(id, now);
        String name = tree.name(id);
        if (name == null) return;
        Set<Event> ev = tree.events(name);
        boolean added = now.uidNext() > was.uidNext();
        boolean expunged = now.messages() < was.messages() + (now.uidNext() - was.uidNext());
        boolean flags = now.highestModSeq() != was.highestModSeq() && !added && !expunged;
        Set<StatusItem> items = EnumSet.noneOf(StatusItem.class);
        if (added && ev.contains(Event.MESSAGE_NEW)) items.addAll(List.of(StatusItem.MESSAGES, StatusItem.UIDNEXT));
        if (expunged && ev.contains(Event.MESSAGE_EXPUNGE)) items.add(StatusItem.MESSAGES);
        if (flags && ev.contains(Event.FLAG_CHANGE)) items.add(StatusItem.HIGHESTMODSEQ);
        if (items.isEmpty()) return;
        if (now.unseen() != was.unseen()) items.add(StatusItem.UNSEEN);
        if (env.settings().condstore()) items.add(StatusItem.HIGHESTMODSEQ);
        StatusCommand.send(out, name, now, items, 0);
    }

    /** The selected mailbox, with a SELECTED group: its updates at once, and MessageNew's FETCH (§5.1, §6). */
    private void selected(Replies out, Selected s, boolean inCommand) throws IOException {
        Optional<NotifySpec.Group> g = selectedGroup();
        if (g.isEmpty() || g.get().events().isEmpty()) return;
        boolean delayed = ((NotifySpec.Filter.Selected) g.get().filter()).delayed();
        long before = selectedUidNext;
        if (!inCommand) {
            s.view().expectChanges(); // this delivery follows a bell the view itself may not have heard yet
            s.view().sync(out, !delayed);
        }
        long after = s.view().uidNext();
        selectedUidNext = after;
        if (g.get().fetch().isEmpty() || after <= before || !g.get().events().contains(Event.MESSAGE_NEW)) return;
        var fetch = new Command.Fetch("*", true, SequenceSet.of(List.of(new SequenceSet.Range(before, after - 1))),
                g.get().fetch(), OptionalLong.empty(), false);
        try {
            fetchEnv.out().begin("*"); // its tagged completion is never sent: only the FETCH responses
            new FetchCommand(fetchEnv).run(s, fetch);
        } catch (StoreException | MailboxView.BadSequence e) {
            log.debug("NOTIFY MessageNew FETCH failed: {}", e.toString());
        }
    }

    /** §5.5-5.7: names, subscriptions and annotations compared with what the session knew. */
    private void accountChanged(Replies out) throws IOException, StoreException {
        NotifyTree next = NotifyTree.load(user.mail(), spec);
        for (NotifyTree.Difference diff : tree.differences(next)) {
            switch (diff) {
                case NotifyTree.Difference.Created(MailboxInfo m) -> {
                    if (next.events(m.name()).contains(Event.MAILBOX_NAME)) out.queue(list("", m.name()));
                }
                case NotifyTree.Difference.Deleted(MailboxInfo m) -> {
                    if (tree.events(m.name()).contains(Event.MAILBOX_NAME)) out.queue(list("\\NonExistent", m.name()));
                    unwatch(m.id());
                }
                case NotifyTree.Difference.Renamed(String from, MailboxInfo m) -> {
                    if (next.events(m.name()).contains(Event.MAILBOX_NAME) || tree.events(from).contains(Event.MAILBOX_NAME)) {
                        out.queue(list("", m.name()).raw(" (\"OLDNAME\" (").mailbox(from).raw("))"));
                    }
                }
                case NotifyTree.Difference.Subscribed(String name, boolean on) -> {
                    if (next.events(name).contains(Event.SUBSCRIPTION_CHANGE)) {
                        out.queue(list(on ? "\\Subscribed" : "", name));
                    }
                }
            }
        }
        tree.replaceWith(next);
        for (MailboxInfo m : tree.mailboxes()) {
            boolean covered = tree.events(m.name()).stream().anyMatch(Event::messageEvent);
            if (covered) watchIfCovered(m);
            else if (watches.containsKey(m.id()) && !isSelected(m.id())) unwatch(m.id());
        }
        if (wantsAnnotations()) annotationsChanged(out);
    }

    private Optional<NotifySpec.Group> selectedGroup() {
        return spec.groups().stream().filter(x -> x.filter() instanceof NotifySpec.Filter.Selected).findFirst();
    }

    private static Response list(String attribute, String name) {
        Response r = Response.untagged().atom("LIST").open();
        if (!attribute.isEmpty()) r.atom(attribute);
        return r.close().string("/").mailbox(name);
    }

    private boolean wantsAnnotations() {
        return spec.groups().stream().anyMatch(g -> g.events().contains(Event.MAILBOX_METADATA_CHANGE)
                || g.events().contains(Event.SERVER_METADATA_CHANGE));
    }

    /** §5.7: "* METADATA mailbox (entry ...)" naming the entries that changed, without their values. */
    private void annotationsChanged(Replies out) throws IOException, StoreException {
        Map<String, Long> now = fingerprints(user.mail().metadata().all());
        Map<String, List<String>> byTarget = new java.util.TreeMap<>();
        Set<String> keys = new HashSet<>(now.keySet());
        keys.addAll(annotations.keySet());
        for (String k : keys) {
            if (java.util.Objects.equals(now.get(k), annotations.get(k))) continue;
            int split = k.indexOf('\0');
            byTarget.computeIfAbsent(k.substring(0, split), _ -> new ArrayList<>()).add(k.substring(split + 1));
        }
        annotations = now;
        for (var e : byTarget.entrySet()) {
            Response r = Response.untagged().atom("METADATA");
            if (e.getKey().isEmpty()) {
                if (spec.groups().stream().noneMatch(g -> g.events().contains(Event.SERVER_METADATA_CHANGE))) continue;
                r.string("");
            } else {
                String name = tree.name(new MailboxId(Long.parseLong(e.getKey())));
                if (name == null || !tree.events(name).contains(Event.MAILBOX_METADATA_CHANGE)) continue;
                r.mailbox(name);
            }
            r.open();
            for (String entry : e.getValue().stream().sorted().toList()) r.astring(entry);
            out.queue(r.close());
        }
    }

    /** "mailbox id or empty" NUL "entry" -> a fingerprint of the value (bounded memory, not the values). */
    private static Map<String, Long> fingerprints(List<UserMetadata.Entry> entries) {
        Map<String, Long> out = new HashMap<>();
        for (UserMetadata.Entry e : entries) {
            var crc = new java.util.zip.CRC32C();
            crc.update(e.value());
            out.put(e.mailbox().map(m -> Long.toString(m.value())).orElse("") + "\0" + e.name(),
                    crc.getValue() << 32 | e.value().length);
        }
        return out;
    }

    /** Stops watching and delivering; any thread, more than once. */
    void close() {
        closed = true;
        bell.release();
        closeQuietly(accountWatch);
        for (Watch w : List.copyOf(watches.values())) closeQuietly(w);
        watches.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception ignored) {
            // a watch that fails to close only costs a wasted doorbell
        }
    }
}
