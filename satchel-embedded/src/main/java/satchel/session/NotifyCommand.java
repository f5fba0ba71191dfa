package satchel.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import satchel.protocol.Command.Notify;
import satchel.protocol.NotifySpec;
import satchel.protocol.NotifySpec.Event;
import satchel.store.StoreException;

/**
 * NOTIFY SET and NOTIFY NONE (RFC 5465 §3). A SET replaces the previous one as a whole. Events this server does
 * not have (AnnotationChange: no RFC 5257 ANNOTATE; unknown event names) are refused with
 * {@code NO [BADEVENT (the supported events)]} (§3.1) and leave the previous setting in force.
 */
final class NotifyCommand {
    private static final List<Event> SUPPORTED = List.of(Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE, Event.FLAG_CHANGE,
            Event.MAILBOX_NAME, Event.SUBSCRIPTION_CHANGE, Event.MAILBOX_METADATA_CHANGE, Event.SERVER_METADATA_CHANGE);

    private final Env env;

    NotifyCommand(Env env) {
        this.env = env;
    }

    void run(SessionState state, UserContext user, Notify cmd) throws IOException, StoreException {
        Notifications notifications = env.conn().notifications();
        if (cmd.set().isEmpty()) {
            notifications.set(null);
            env.out().ok("NOTIFY completed.");
            return;
        }
        NotifySpec spec = cmd.set().get();
        List<String> bad = new ArrayList<>();
        for (NotifySpec.Group g : spec.groups()) {
            bad.addAll(g.unknown());
            for (Event e : g.events()) if (!SUPPORTED.contains(e)) bad.add(e.wire);
        }
        if (!bad.isEmpty()) {
            String supported = String.join(" ", SUPPORTED.stream().map(e -> e.wire).toList());
            env.out().no("BADEVENT (" + supported + ")", "Unsupported event: " + bad.getFirst());
            return;
        }
        notifications.set(null);
        Notifier n = new Notifier(env, user, spec, state, Notifier.MAX_PENDING_EVENTS);
        if (spec.status()) n.initialStatus(env.out());
        notifications.set(n);
        env.out().ok("NOTIFY completed.");
    }
}
