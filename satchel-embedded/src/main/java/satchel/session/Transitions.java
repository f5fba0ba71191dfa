package satchel.session;

import java.io.IOException;
import satchel.protocol.Command;
import satchel.protocol.Command.AnyState;
import satchel.protocol.Command.AuthOnly;
import satchel.protocol.Command.AuthOrSelected;
import satchel.protocol.Command.NotAuthOnly;
import satchel.protocol.Command.SelectedOnly;
import satchel.session.SessionState.Authenticated;
import satchel.session.SessionState.Logout;
import satchel.session.SessionState.NotAuthenticated;
import satchel.session.SessionState.Selected;

/**
 * The whole RFC 3501 §3 state table: which command group each state accepts and who runs it. A command not
 * valid in the current state is answered BAD and the state stays (RFC 3501 §6). Handlers return the next
 * state; the arrows they may take are noted beside each arm:
 *
 * <pre>
 *  (1) greeting OK -> NotAuthenticated       (2) PREAUTH -> Authenticated     (3) BYE -> Logout
 *  (4) LOGIN/AUTHENTICATE ok -> Authenticated (5) SELECT/EXAMINE ok -> Selected
 *  (6) CLOSE/UNSELECT, failed SELECT/EXAMINE -> Authenticated
 *  (7) LOGOUT, shutdown, autologout, EOF -> Logout   (greeting and 7 other than LOGOUT: ImapSession)
 * </pre>
 */
final class Transitions {
    private final Env env;
    private final CommonCommands common;
    private final LoginCommands login;
    private final MailboxCommands mailboxes;
    private final MessageCommands messages;

    Transitions(Env env) {
        this.env = env;
        this.common = new CommonCommands(env);
        this.login = new LoginCommands(env);
        this.mailboxes = new MailboxCommands(env);
        this.messages = new MessageCommands(env);
    }

    SessionState step(SessionState state, Command cmd) throws IOException {
        Replies out = env.out();
        return switch (state) {
            case NotAuthenticated s -> switch (cmd) {
                case AnyState c -> common.run(s, c);                       // LOGOUT: (7)
                case NotAuthOnly c -> login.run(s, c);                     // ok: (4); failure cap: (7)
                case AuthOrSelected _, AuthOnly _, SelectedOnly _ -> bad(out, s, "Log in first");
            };
            case Authenticated s -> switch (cmd) {
                case AnyState c -> common.run(s, c);
                case NotAuthOnly _ -> bad(out, s, "Already authenticated");
                case AuthOrSelected c -> mailboxes.run(s, s.user(), c);  // SELECT ok: (5)
                case AuthOnly c -> mailboxes.enable(s, c);
                case SelectedOnly _ -> bad(out, s, "No mailbox selected");
            };
            case Selected s -> switch (cmd) {
                case AnyState c -> common.run(s, c);
                case NotAuthOnly _ -> bad(out, s, "Already authenticated");
                case AuthOrSelected c -> mailboxes.run(s, s.user(), c);  // failed SELECT: (6)
                // RFC 5161 §3.1 / RFC 9051 §6.3.1: what a mailbox was opened with must not change under it.
                case AuthOnly _ -> bad(out, s, "ENABLE is not allowed in the selected state");
                case SelectedOnly c -> messages.run(s, c);                 // CLOSE/UNSELECT: (6)
            };
            case Logout s -> s;
        };
    }

    private static SessionState bad(Replies out, SessionState s, String text) {
        out.bad(text);
        return s;
    }
}
