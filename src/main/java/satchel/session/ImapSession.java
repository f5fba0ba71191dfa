package satchel.session;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.auth.Authenticator;
import satchel.protocol.Command;
import satchel.protocol.CommandParser;
import satchel.session.SessionState.Authenticated;
import satchel.session.SessionState.Logout;
import satchel.session.SessionState.NotAuthenticated;
import satchel.session.SessionState.Selected;
import satchel.store.MailStore;
import satchel.store.User;
import satchel.wire.ProtocolException;
import satchel.wire.Response;

/**
 * One IMAP connection from greeting to Logout, on the caller's (virtual) thread. Thread-safe only for
 * {@link #shutdown}, which any thread may call to end the session with BYE (RFC 3501 §7.1.5): at once when it
 * waits for a command (or IDLEs), otherwise once the command in progress has been answered, so a command the
 * store has carried out is acknowledged rather than cut off. What happens is reported to a
 * {@link SessionObserver}.
 */
public final class ImapSession {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

    /** How the connection starts (RFC 3501 §3 transitions 1-3). */
    public sealed interface Greeting {
        record Ok() implements Greeting {}
        record PreAuth(User user) implements Greeting {}
        record Bye(String reason) implements Greeting {}
    }

    private final Transport transport;
    private final MailStore store;
    private final Authenticator auth;
    private final SessionConfig config;
    private final SessionObserver observer;
    private final AtomicBoolean ending = new AtomicBoolean();
    private final AtomicBoolean byeSent = new AtomicBoolean();
    private final Object lifecycle = new Object();
    private boolean busy; // guarded by lifecycle: a command is running (not IDLE)
    private volatile String shutdownReason = "Server shutting down";
    private volatile Connection conn;
    private SessionState state = new NotAuthenticated(0);
    private int commands;
    private String userName = "-";

    public ImapSession(MailStore store, Authenticator auth, SessionConfig config, Transport transport) {
        this(store, auth, config, transport, SessionObserver.NONE);
    }

    public ImapSession(MailStore store, Authenticator auth, SessionConfig config, Transport transport,
                       SessionObserver observer) {
        this.store = store;
        this.auth = auth;
        this.config = config;
        this.transport = transport;
        this.observer = observer;
    }

    /** Runs until Logout; never throws; closes the transport at the end. */
    public void run(Greeting greeting) {
        try {
            conn = new Connection(transport, config.spool());
            conn.trace(observer.connected(transport.remoteAddress()));
            if (ending.get()) greeting = new Greeting.Bye(shutdownReason);
            Env env = new Env(store, auth, config, conn, new Replies(conn.writer()), observer);
            state = greet(env, greeting);
            observer.state(kind(state));
            loop(env, new Transitions(env));
        } catch (IOException e) {
            if (e instanceof DeflateInput.Corrupt) bye(e.getMessage()); // the peer is there, its stream is not
            if (!ending.get()) log.debug("connection from {} lost: {}", transport.remoteAddress(), e.toString());
        } catch (RuntimeException e) {
            log.error("session from {} failed", transport.remoteAddress(), e);
            bye("Internal server error");
        } finally {
            release();
        }
    }

    /** Server shutdown: untagged BYE, then close (transition 7). */
    public void shutdown(String reason) {
        shutdownReason = reason;
        if (!ending.compareAndSet(false, true)) return;
        synchronized (lifecycle) {
            if (busy) return; // the loop says BYE once the command is answered
        }
        bye(reason);
        Connection c = conn;
        if (c != null) c.close();
        else transport.close();
    }

    private SessionState greet(Env env, Greeting greeting) throws IOException {
        return switch (greeting) {
            case Greeting.Ok() -> {
                var caps = Capabilities.join(env.capabilities(new NotAuthenticated(0)));
                conn.writer().send(Response.untagged().atom("OK").code("CAPABILITY " + caps).text("Satchel ready."));
                enterNotAuthenticated();
                yield new NotAuthenticated(0);
            }
            case Greeting.PreAuth(User user) -> {
                Authenticated next = new Authenticated(Logins.context(store, user));
                var caps = Capabilities.join(env.capabilities(next));
                conn.writer().send(Response.untagged().atom("PREAUTH").code("CAPABILITY " + caps)
                        .text("Logged in as " + user.name()));
                userName = user.name();
                enterAuthenticated();
                yield next;
            }
            case Greeting.Bye(String reason) -> {
                conn.writer().send(Response.untagged().atom("BYE").text(reason));
                yield new Logout();
            }
        };
    }

    /** Literal continuations, and APPEND's early NO [TRYCREATE] before the client sends the message. */
    private final CommandParser.Continuation continuation = new CommandParser.Continuation() {
        @Override public void ready(long size) throws IOException {
            conn.writer().send(Response.continuation().text("Ready for literal data"));
        }

        @Override public ProtocolException vetoAppend(String tag, String mailbox) {
            UserContext user = switch (state) {
                case Authenticated a -> a.user();
                case Selected s -> s.user();
                case NotAuthenticated _, Logout _ -> null;
            };
            try {
                if (user == null || user.mail().find(mailbox).isPresent()) return null;
            } catch (satchel.store.StoreException e) {
                return null; // the handler reports it after reading the command
            }
            return new ProtocolException(ProtocolException.Kind.REFUSED, tag, "Mailbox does not exist", "TRYCREATE");
        }
    };

    private void loop(Env env, Transitions transitions) throws IOException {
        int badInARow = 0;
        while (!(state instanceof Logout)) {
            Command cmd;
            try {
                cmd = CommandParser.next(conn.reader(), continuation);
            } catch (SocketTimeoutException e) {
                bye("Autologout; idle for too long");
                state = new Logout();
                break;
            } catch (ProtocolException e) {
                if (e.kind() == ProtocolException.Kind.FATAL) {
                    bye(e.getMessage());
                    state = new Logout();
                    break;
                }
                answerProtocolError(e);
                if (e.kind() == ProtocolException.Kind.BAD && ++badInARow >= conn.reader().limits().maxBadCommands()) {
                    bye("Too many invalid commands");
                    state = new Logout();
                }
                continue;
            }
            if (cmd == null) {
                state = new Logout();
                break;
            }
            synchronized (lifecycle) {
                if (ending.get()) { // shutdown came while the command was being read: it is not run
                    bye(shutdownReason);
                    state = new Logout();
                    break;
                }
                busy = !(cmd instanceof Command.Idle); // shutdown may interrupt IDLE at once
            }
            SessionState before = state;
            commands++;
            long started = System.nanoTime();
            try {
                state = run(env, transitions, cmd);
            } finally {
                synchronized (lifecycle) {
                    busy = false;
                }
            }
            observer.command(cmd.name(), state instanceof Logout && env.out().status() == null ? null
                    : env.out().status(), System.nanoTime() - started);
            if (ending.get() && !(state instanceof Logout)) {
                bye(shutdownReason);
                state = new Logout();
            }
            if (before.getClass() != state.getClass()) observer.state(kind(state));
            badInARow = env.out().status() == Replies.Status.BAD ? badInARow + 1 : 0;
            adjustLimits(before, state);
            if (badInARow >= conn.reader().limits().maxBadCommands() && !(state instanceof Logout)) {
                bye("Too many invalid commands");
                state = new Logout();
            }
        }
    }

    private SessionState run(Env env, Transitions transitions, Command cmd) throws IOException {
        Replies out = env.out();
        out.begin(cmd.tag());
        SessionState next = transitions.step(state, cmd);
        if (next instanceof Selected s) s.view().sync(out, cmd.allowsExpungeResponses());
        out.finish();
        if (state instanceof Selected old && !(next instanceof Selected n && n.view() == old.view())) {
            old.view().close();
        }
        return next;
    }

    private void answerProtocolError(ProtocolException e) throws IOException {
        Response r = e.tag() == null ? Response.untagged() : Response.tagged(e.tag());
        switch (e.kind()) {
            case TOO_BIG -> r.atom("NO").code("TOOBIG");
            case REFUSED -> {
                r.atom("NO");
                if (e.code() != null) r.code(e.code());
            }
            case BAD, FATAL -> r.atom("BAD");
        }
        conn.writer().send(r.text(e.getMessage()));
    }

    private void adjustLimits(SessionState before, SessionState after) throws IOException {
        if (before instanceof NotAuthenticated && (after instanceof Authenticated || after instanceof Selected)) {
            enterAuthenticated();
        }
    }

    private void enterNotAuthenticated() throws IOException {
        conn.limits(config.beforeLogin());
        conn.readTimeout(config.loginTimeout());
    }

    private void enterAuthenticated() throws IOException {
        userName = switch (state) {
            case Authenticated a -> a.user().user().name();
            case Selected s -> s.user().user().name();
            case NotAuthenticated _, Logout _ -> userName;
        };
        conn.limits(config.afterLogin());
        conn.readTimeout(config.idleTimeout());
    }

    private static SessionObserver.State kind(SessionState s) {
        return switch (s) {
            case NotAuthenticated _ -> SessionObserver.State.NOT_AUTHENTICATED;
            case Authenticated _ -> SessionObserver.State.AUTHENTICATED;
            case Selected _ -> SessionObserver.State.SELECTED;
            case Logout _ -> SessionObserver.State.LOGOUT;
        };
    }

    private void bye(String reason) {
        Connection c = conn;
        if (c == null || !byeSent.compareAndSet(false, true)) return;
        try {
            c.writer().send(Response.untagged().atom("BYE").text(reason));
        } catch (IOException | RuntimeException ignored) {
            // the peer is gone already; nothing left to tell it
        }
    }

    /** Transition 7, whatever the cause: every resource of the session is released here. */
    private void release() {
        if (state instanceof Selected s) s.view().close();
        state = new Logout();
        Connection c = conn;
        long in = c == null ? 0 : c.bytesRead();
        long out = c == null ? 0 : c.writer().bytesWritten();
        if (c != null) {
            log.info("logout user={} addr={} commands={} in={} out={}", userName, transport.remoteAddress(), commands,
                    in, out);
        }
        if (c != null) c.close();
        else transport.close();
        try {
            observer.state(SessionObserver.State.LOGOUT); // observers ignore a repeated state
            observer.ended(in, out, commands);
        } catch (RuntimeException e) {
            log.warn("session observer failed: {}", e.toString());
        }
    }
}
