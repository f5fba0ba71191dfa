package satchel.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import satchel.protocol.Command.CancelUpdate;
import satchel.protocol.Command.Check;
import satchel.protocol.Command.Close;
import satchel.protocol.Command.Copy;
import satchel.protocol.Command.Expunge;
import satchel.protocol.Command.Fetch;
import satchel.protocol.Command.Replace;
import satchel.protocol.Command.Search;
import satchel.protocol.Command.SelectedOnly;
import satchel.protocol.Command.Sort;
import satchel.protocol.Command.Threads;
import satchel.protocol.Command.Store;
import satchel.protocol.Command.Unselect;
import satchel.session.SessionState.Authenticated;
import satchel.session.SessionState.Selected;
import satchel.store.StoreException;

/** RFC 3501 §6.4 (selected state). */
final class MessageCommands {
    private final Env env;
    private final FetchCommand fetch;
    private final StoreCommand store;
    private final SearchCommand search;
    private final CopyCommand copy;
    private final SortCommand sort;
    private final ThreadCommand thread;
    private final ReplaceCommand replace;
    private final SearchContexts contexts;

    MessageCommands(Env env) {
        this.env = env;
        this.contexts = new SearchContexts(env);
        this.fetch = new FetchCommand(env);
        this.store = new StoreCommand(env);
        this.search = new SearchCommand(env, contexts);
        this.copy = new CopyCommand(env);
        this.sort = new SortCommand(env, contexts);
        this.thread = new ThreadCommand(env);
        this.replace = new ReplaceCommand(env);
    }

    SessionState run(Selected state, SelectedOnly cmd) throws IOException {
        Replies out = env.out();
        if (env.settings().uidOnly()) {
            var refused = UidOnly.refusal(cmd);
            if (refused.isPresent()) {
                out.bad("UIDREQUIRED", refused.get());
                return state;
            }
        }
        // A UID learned elsewhere (APPENDUID on another connection) must not be a silent no-op because this
        // session has not been told of the message yet: catch up first, which UID commands allow (RFC 3501 §7.4.1).
        if (byUid(cmd)) state.view().sync(out, true);
        try {
            switch (cmd) {
                case Check _ -> out.ok("Check completed.");
                case Close _ -> {
                    // RFC 3501 §6.4.2: silent expunge, read-write only; transition 6.
                    if (!state.view().readOnly()) {
                        List<Long> deleted = deletedUids(state.view().entries());
                        if (!deleted.isEmpty()) state.user().mail().expunge(state.view().info().id(), deleted);
                    }
                    out.ok("Close completed.");
                    return new Authenticated(state.user());
                }
                case Unselect _ -> {
                    out.ok("Unselect completed.");
                    return new Authenticated(state.user());
                }
                case Expunge c -> expunge(state, c);
                case Fetch c -> fetch.run(state, c);
                case Store c -> store.run(state, c);
                case Search c -> search.run(state, c);
                case Copy c -> copy.run(state, c);
                case Sort c -> sort.run(state, c);
                case Threads c -> thread.run(state, c);
                case Replace c -> replace.run(state, c);
                case CancelUpdate c -> {
                    if (contexts.cancel(state, c.tags())) out.ok("Updates cancelled.");
                    else out.no("No updating search or sort has the tag " + String.join(", ", c.tags()));
                }
            }
        } catch (StoreException e) {
            StoreErrors.no(out, e);
        } catch (MailboxView.BadSequence e) {
            out.bad(e.getMessage());
        }
        return state;
    }

    private void expunge(Selected state, Expunge cmd) throws IOException, StoreException, MailboxView.BadSequence {
        MailboxView view = state.view();
        if (view.readOnly()) {
            env.out().no("READ-ONLY", "Mailbox is read-only");
            return;
        }
        // Take in flags other sessions set first: their \Deleted counts too.
        view.sync(env.out(), true);
        List<Long> deleted = deletedUids(cmd.uids().isEmpty() ? view.entries() : view.resolve(cmd.uids().get(), true));
        List<Long> removed = deleted.isEmpty() ? List.of() : state.user().mail().expunge(view.info().id(), deleted);
        view.expunged(removed, env.out(), env.settings().vanished());
        env.out().ok("Expunge completed.");
    }

    private static boolean byUid(SelectedOnly cmd) {
        return switch (cmd) {
            case Fetch c -> c.byUid();
            case Store c -> c.byUid();
            case Search c -> c.byUid();
            case Copy c -> c.byUid();
            case Sort c -> c.byUid();
            case Threads c -> c.byUid();
            case Replace c -> c.byUid();
            case Expunge c -> c.uids().isPresent();
            case Check _, Close _, Unselect _, CancelUpdate _ -> false;
        };
    }

    /** \Deleted messages, all or (UID EXPUNGE, RFC 4315 §2.1) only those in {@code within}. */
    private static List<Long> deletedUids(List<MailboxView.Entry> within) {
        List<Long> out = new ArrayList<>();
        for (MailboxView.Entry e : within) {
            if (e.meta().flags().contains("\\Deleted")) out.add(e.meta().uid());
        }
        return out;
    }
}
