package satchel.session;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import satchel.protocol.Command.Replace;
import satchel.protocol.SequenceSet;
import satchel.session.SessionState.Selected;
import satchel.store.AppendResult;
import satchel.store.MailboxInfo;
import satchel.store.StoreException;
import satchel.wire.Response;

/**
 * REPLACE / UID REPLACE (RFC 8508): APPEND the replacement, then expunge the replaced message from the selected
 * mailbox, with APPEND's checks and storage ({@link AppendCommand}).
 *
 * <p>Atomicity as the client sees it (§3.3): the append comes first and is durable on its own; only once it has
 * committed is the old message expunged. If the append fails, nothing is expunged and the answer is NO. A crash
 * (or a store failure) between the two steps leaves both messages, never neither: the draft is not lost. The
 * store offers no single transaction for the pair across mailboxes, so this order is the safe one.
 */
final class ReplaceCommand {
    private final Env env;
    private final AppendCommand append;

    ReplaceCommand(Env env) {
        this.env = env;
        this.append = new AppendCommand(env);
    }

    void run(Selected state, Replace cmd) throws IOException, StoreException, MailboxView.BadSequence {
        try {
            replace(state, cmd);
        } finally {
            cmd.replacement().close(); // a spool file goes now, not at the next command
        }
    }

    private void replace(Selected state, Replace cmd) throws IOException, StoreException, MailboxView.BadSequence {
        Replies out = env.out();
        MailboxView view = state.view();
        SequenceSet one = SequenceSet.of(List.of(new SequenceSet.Range(cmd.message(), cmd.message())));
        // A bad sequence number is BAD (RFC 3501 §6.4.8's rule for numbers that do not exist); a UID no longer there
        // is NO: the client may simply not have heard of the expunge yet.
        List<MailboxView.Entry> source = view.resolve(one, cmd.byUid());
        if (source.isEmpty()) {
            out.no("NONEXISTENT", "No message with UID " + cmd.message() + " in this mailbox");
            return;
        }
        if (view.readOnly()) {
            out.no("READ-ONLY", "Mailbox is read-only: cannot expunge the replaced message");
            return;
        }
        Optional<MailboxInfo> target = append.target(state.user(), cmd.mailbox(), out);
        if (target.isEmpty()) return;
        Optional<List<AppendResult>> stored = append.store(state.user(), target.get(), List.of(cmd.replacement()),
                Optional.of(view), out);
        if (stored.isEmpty()) return;
        // §3.3 example: APPENDUID in an untagged OK, then the new message's EXISTS (when it went into the selected
        // mailbox), then the expunge of the old one.
        out.queue(Response.untagged().atom("OK").code(AppendCommand.appendUid(stored.get())).text("Replacement message stored"));
        view.sync(out, true);
        long old = source.getFirst().meta().uid();
        List<Long> removed = state.user().mail().expunge(view.info().id(), List.of(old));
        view.expunged(removed, out, env.settings().vanished());
        out.ok("Replace completed.");
    }
}
