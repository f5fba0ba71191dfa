package satchel.server;

import satchel.session.Replies;
import satchel.session.SessionObserver;
import satchel.session.TraceSink;

/**
 * The server's {@link SessionObserver} for one connection: feeds {@link Metrics} (bytes are counted on the
 * socket, not here), enforces the per-user connection limit at login, tells the limits and the watchdog when the
 * peer has logged in, and starts protocol traces that {@link TraceControl} asks for.
 */
final class SessionHooks implements SessionObserver {
    private final Metrics metrics; // null when metrics are off
    private final ConnectionLimits limits;
    private final TraceControl traces;
    private final Peer peer;
    private State state;
    private String admittedUser;
    private boolean traced;

    SessionHooks(Metrics metrics, ConnectionLimits limits, TraceControl traces, Peer peer) {
        this.metrics = metrics;
        this.limits = limits;
        this.traces = traces;
        this.peer = peer;
    }

    @Override public TraceSink connected(String remoteAddress) {
        TraceSink t = traces.forAddress(remoteAddress, peer.id);
        traced = t != null;
        return t;
    }

    @Override public synchronized void state(State next) {
        if (next == state) return;
        if (metrics != null) metrics.sessionState(state, next);
        state = next;
        if (next == State.AUTHENTICATED || next == State.SELECTED) markLoggedIn();
    }

    @Override public synchronized boolean admit(String user) {
        if (admittedUser != null) return true;
        if (!limits.tryAcquireUser(user)) {
            if (metrics != null) metrics.login("-", "refused");
            return false;
        }
        admittedUser = user;
        return true;
    }

    /** Past the login deadline's reach, and no longer the first to go when the server is full. */
    private void markLoggedIn() {
        peer.loggedIn();
        limits.loggedIn(peer);
    }

    /** Before the tagged OK of the login goes out, so a client that saw it is never dropped as not logged in. */
    @Override public TraceSink loggedIn(String user, String mechanism) {
        markLoggedIn();
        if (metrics != null) metrics.login(mechanism, "ok");
        return traced ? null : traces.forUser(user, peer.id);
    }

    @Override public void loginFailed(String mechanism) {
        if (metrics != null) metrics.authFailure(mechanism);
    }

    @Override public void command(String name, Replies.Status result, long nanos) {
        if (metrics != null) metrics.command(name, result, nanos);
    }

    @Override public synchronized void ended(long bytesIn, long bytesOut, int commands) {
        state(State.LOGOUT);
        if (admittedUser != null) limits.releaseUser(admittedUser);
        admittedUser = null;
    }
}
