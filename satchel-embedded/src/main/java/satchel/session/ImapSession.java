package satchel.session;

import java.io.IOException;
import java.net.SocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.auth.Authenticator;
import satchel.protocol.Command;
import satchel.protocol.CommandParser;
import satchel.protocol.MailboxName;
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
 * store has carried out is acknowledged rather than cut off. {@link #shutdown} never blocks: a BYE due at once
 * is written by a short-lived thread of its own, so a client that does not read holds up nobody but itself.
 * What happens is reported to a {@link SessionObserver}.
 *
 * <p>Where the session is in its life is one {@link Phase}, guarded by one lock; every way out (LOGOUT,
 * autologout, shutdown, a fatal protocol error, end of stream, a bug) goes through {@link #end}, which only
 * the first caller gets past: it says BYE (if there is anything to say) and closes.
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
    /** The session's lifecycle; only {@link #shutdown} acts on it from another thread. */
    private sealed interface Phase {
        /** The greeting or a command is in progress: shutdown lets it be answered, then BYE. */
        record RunningCommand() implements Phase {}

        /** Reading the next command: shutdown says BYE at once, and a command read meanwhile is not run. */
        record Waiting() implements Phase {}

        /** In IDLE (RFC 2177): shutdown says BYE at once, ending the IDLE. */
        record Idling() implements Phase {}

        /** Shutdown asked while a command ran: BYE with {@code reason} once it is answered. */
        record Ending(String reason) implements Phase {}

        /** Logout: whoever set this says BYE (or not) and closes; nothing more is read or run. */
        record Ended() implements Phase {}
    }

    private final Object lifecycle = new Object();
    private Phase phase = new Phase.RunningCommand(); // guarded by lifecycle
    private Thread ender; // guarded by lifecycle: sends the BYE of a shutdown that came while waiting or idling
    private volatile Connection conn;
    private volatile SessionState state = new NotAuthenticated(0); // volatile for activity()
    private int commands;
    private int badInARow; // BAD answers in a row, across calls of loop
    private static final int COMMANDS_PER_CALL = 16;
    private volatile String userName = "-";

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
            synchronized (lifecycle) {
                if (phase instanceof Phase.Ending(String reason)) greeting = new Greeting.Bye(reason);
            }
            Env env = new Env(store, auth, config, conn, new Replies(conn.writer()), observer);
            state = greet(env, greeting);
            observer.state(kind(state));
            Transitions transitions = new Transitions(env);
            while (loop(env, transitions)) {
                // the next few commands
            }
        } catch (IOException e) {
            if (e instanceof DeflateInput.Corrupt) end(e.getMessage()); // the peer is there, its stream is not
            if (!ended()) log.debug("connection from {} lost: {}", transport.remoteAddress(), e.toString());
        } catch (RuntimeException e) {
            log.error("session from {} failed", transport.remoteAddress(), e);
            end("Internal server error");
        } finally {
            release();
        }
    }

    /**
     * What the session is doing, for {@code satchel who}: who is logged in, the state, the selected mailbox (null
     * if none) and the bytes so far. Any thread; a snapshot, the byte counts may trail a command in progress.
     */
    public record Activity(String user, SessionObserver.State state, String mailbox, long bytesIn, long bytesOut) {}

    public Activity activity() {
        SessionState s = state;
        Connection c = conn;
        String mailbox = s instanceof Selected sel ? sel.view().info().name() : null;
        return new Activity(userName, kind(s), mailbox, c == null ? 0 : c.bytesRead(),
                c == null ? 0 : c.writer().bytesWritten());
    }

    /** Server shutdown: untagged BYE, then close (transition 7). Never blocks; repeated calls do nothing. */
    public void shutdown(String reason) {
        synchronized (lifecycle) {
            switch (phase) {
                case Phase.RunningCommand _ -> phase = new Phase.Ending(reason); // the loop says BYE after the answer
                case Phase.Waiting _, Phase.Idling _ -> {
                    phase = new Phase.Ended();
                    // The writer may be stuck on a client that does not read: not the caller's problem.
                    ender = Thread.ofVirtual().name("session-bye").start(() -> finish(reason));
                }
                case Phase.Ending _, Phase.Ended _ -> { }
            }
        }
    }

    /**
     * The session thread moves to {@code next} (waiting, running a command, idling), unless the session is
     * ending: then it ends here (BYE for a shutdown asked during the last command) and false says stop.
     */
    private boolean proceed(Phase next) {
        String reason;
        synchronized (lifecycle) {
            switch (phase) {
                case Phase.Ending(String r) -> reason = r;
                case Phase.Ended _ -> {
                    return false;
                }
                case Phase.RunningCommand _, Phase.Waiting _, Phase.Idling _ -> {
                    phase = next;
                    return true;
                }
            }
        }
        end(reason);
        return false;
    }

    /** The one exit (transition 7): the first caller says BYE with {@code reason} (none if null) and closes. */
    private void end(String reason) {
        synchronized (lifecycle) {
            if (phase instanceof Phase.Ended) return;
            phase = new Phase.Ended();
        }
        finish(reason);
    }

    private void finish(String reason) {
        Connection c = conn;
        if (reason != null) bye(c, reason);
        if (c != null) c.close();
        else transport.close();
    }

    private boolean ended() {
        synchronized (lifecycle) {
            return phase instanceof Phase.Ended;
        }
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

        @Override public ProtocolException vetoAppend(String tag, MailboxName mailbox) {
            UserContext user = switch (state) {
                case Authenticated a -> a.user();
                case Selected s -> s.user();
                case NotAuthenticated _, Logout _ -> null;
            };
            if (user == null) return null;
            if (!(mailbox instanceof MailboxName.Valid(String name))) { // no TRYCREATE: CREATE would refuse it
                return new ProtocolException(ProtocolException.Kind.REFUSED, tag,
                        ((MailboxName.Invalid) mailbox).message(), "NONEXISTENT");
            }
            try {
                if (user.mail().appendTarget(name).isPresent()) return null;
            } catch (satchel.store.StoreException e) {
                return null; // the handler reports it after reading the command
            }
            return new ProtocolException(ProtocolException.Kind.REFUSED, tag, "Mailbox does not exist", "TRYCREATE");
        }
    };

    /**
     * Runs up to {@link #COMMANDS_PER_CALL} commands; true if the session goes on (call again), false once it ends.
     * Returning now and then is for the JIT: a parked virtual thread's frames are copied off its carrier and back
     * when it resumes, and an interpreted frame among them sends both copies down the JVM's slow path. A method runs
     * compiled only from its next call after the JIT has compiled it, so a loop over all of a connection's commands
     * stays interpreted for the whole connection; this one is called again, compiled, after a few commands (issue 11).
     */
    private boolean loop(Env env, Transitions transitions) throws IOException {
        for (int n = 0; n < COMMANDS_PER_CALL; n++) {
            if (state instanceof Logout) return false;
            // Virtual threads are not preempted: a client that pipelines without pause never blocks on a read, and
            // a few of them would keep every carrier (one per core) from everyone else. Let others run between
            // commands (issue 10). Only when the next command is already here: otherwise reading it parks the session,
            // which lets others run anyway, and a yield on top hands the session to another carrier (a thread wake-up
            // and a context switch per command for a client that waits for each answer, issue 11).
            AppendsAhead ahead = conn.appendsAhead();
            boolean fresh = !ahead.hasNext(); // read from the client now, not read ahead earlier
            if (!fresh || conn.reader().buffered() > 0) Thread.yield();
            if (fresh && !proceed(new Phase.Waiting())) return false;
            Command cmd;
            try {
                cmd = fresh ? CommandParser.next(conn.reader(), continuation) : ahead.next().get();
            } catch (SocketTimeoutException e) {
                end("Autologout; idle for too long");
                return false;
            } catch (ProtocolException e) {
                if (e.kind() == ProtocolException.Kind.FATAL) {
                    end(e.getMessage());
                    return false;
                }
                answerProtocolError(e);
                if (e.kind() == ProtocolException.Kind.BAD && ++badInARow >= conn.reader().limits().maxBadCommands()) {
                    end("Too many invalid commands");
                    return false;
                }
                continue;
            }
            if (cmd == null) return false; // end of stream: nobody to say BYE to
            // A shutdown that came while the command was being read: it is not run.
            if (!proceed(cmd instanceof Command.Idle ? new Phase.Idling() : new Phase.RunningCommand())) return false;
            if (fresh && cmd instanceof Command.Append a) readAhead(env, a);
            SessionState before = state;
            commands++;
            long started = System.nanoTime();
            state = run(env, transitions, cmd);
            observer.command(cmd.name(), state instanceof Logout && env.out().status() == null ? null
                    : env.out().status(), System.nanoTime() - started);
            if (before.getClass() != state.getClass()) observer.state(kind(state));
            badInARow = env.out().status() == Replies.Status.BAD ? badInARow + 1 : 0;
            adjustLimits(before, state);
            if (badInARow >= conn.reader().limits().maxBadCommands() && !(state instanceof Logout)) {
                end("Too many invalid commands");
                return false;
            }
        }
        return !(state instanceof Logout); // release() moves to Logout, closing a selected mailbox's view on the way
    }

    /** Pipelined APPENDs share a commit ({@link AppendsAhead}); not over COMPRESS, whose stream cannot say what is ready. */
    private void readAhead(Env env, Command.Append first) {
        UserContext user = switch (state) {
            case Authenticated a -> a.user();
            case Selected s -> s.user();
            case NotAuthenticated _, Logout _ -> null;
        };
        if (user == null || conn.compressed()) return;
        conn.appendsAhead().readAhead(new AppendCommand(env), user, first, new AppendsAhead.Input() {
            @Override public Command read() throws IOException, ProtocolException {
                return CommandParser.next(conn.reader(), continuation);
            }

            @Override public boolean ready() throws IOException {
                return conn.reader().ready();
            }
        });
    }

    private SessionState run(Env env, Transitions transitions, Command cmd) throws IOException {
        Replies out = env.out();
        Notifications notify = conn.notifications();
        notify.commandStarts(cmd); // RFC 5465: NOTIFY's deliveries wait for the answer
        out.begin(cmd.tag());
        SessionState next = transitions.step(state, cmd);
        if (next instanceof Selected s) s.view().sync(out, cmd.allowsExpungeResponses());
        notify.beforeTagged(next, out);
        out.finish();
        notify.commandEnded(next);
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

    private static void bye(Connection c, String reason) {
        if (c == null) return;
        try {
            c.writer().send(Response.untagged().atom("BYE").text(reason));
        } catch (IOException | RuntimeException ignored) {
            // the peer is gone already; nothing left to tell it
        }
    }

    /** Transition 7, whatever the cause: every resource of the session is released here. */
    private void release() {
        Thread byeSender;
        synchronized (lifecycle) {
            byeSender = ender;
        }
        if (byeSender != null) joinUninterruptibly(byeSender); // its BYE goes out before the connection closes
        end(null);
        if (conn != null) conn.appendsAhead().abandon(); // APPENDs read ahead and never answered
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

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
