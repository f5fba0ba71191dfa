package satchel.session;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import satchel.protocol.Command.Copy;
import satchel.protocol.MailboxName;
import satchel.session.SessionState.Selected;
import satchel.store.CopyResult;
import satchel.store.MailboxInfo;
import satchel.store.StoreException;
import satchel.wire.Response;

/** COPY (RFC 3501 §6.4.7) and MOVE (RFC 6851), with RFC 4315 COPYUID. */
final class CopyCommand {
    private final Env env;

    CopyCommand(Env env) {
        this.env = env;
    }

    void run(Selected state, Copy cmd) throws IOException, StoreException, MailboxView.BadSequence {
        Replies out = env.out();
        MailboxView view = state.view();
        List<MailboxView.Entry> entries = view.resolve(cmd.set(), cmd.byUid());
        if (!(cmd.mailbox() instanceof MailboxName.Valid(String name))) {
            out.no("NONEXISTENT", ((MailboxName.Invalid) cmd.mailbox()).message()); // no TRYCREATE: CREATE would fail
            return;
        }
        Optional<MailboxInfo> target = state.user().mail().find(name);
        if (target.isEmpty()) {
            out.no("TRYCREATE", "Mailbox does not exist");
            return;
        }
        if (!target.get().selectable()) {
            out.no("CANNOT", "Mailbox cannot hold messages");
            return;
        }
        if (cmd.move() && view.readOnly()) {
            out.no("READ-ONLY", "Mailbox is read-only");
            return;
        }
        List<Long> uids = entries.stream().map(e -> e.meta().uid()).toList();
        if (uids.isEmpty()) {
            out.ok("No messages " + (cmd.move() ? "moved." : "copied."));
            return;
        }
        if (!cmd.move()) {
            CopyResult r = state.user().mail().copy(view.info().id(), uids, target.get().id());
            out.ok(copyUid(r), "Copy completed.");
            return;
        }
        CopyResult r = state.user().mail().move(view.info().id(), uids, target.get().id());
        // RFC 6851 §4.3: COPYUID in an untagged OK before the expunges.
        out.queue(Response.untagged().atom("OK").code(copyUid(r)).text("Moved"));
        view.expunged(r.sourceUids(), out, env.settings().vanished());
        out.ok("Move completed.");
    }

    private static String copyUid(CopyResult r) {
        return "COPYUID " + r.uidValidity() + " " + UidSets.format(r.sourceUids()) + " " + UidSets.format(r.destUids());
    }
}
