package satchel.session;

/**
 * What a session tells whoever runs it: state changes, commands and their results, logins, and the totals at
 * the end; and where it asks for a per-user connection limit and a protocol trace. The server implements it
 * for metrics, limits and traces; the session stays free of those concerns. One instance per connection, called
 * on the session's thread (and, for {@link #ended}, exactly once); implementations must be quick and not throw.
 */
public interface SessionObserver {
    /** Observes nothing, limits nothing, traces nothing (imap-stdio, tests). */
    SessionObserver NONE = new SessionObserver() {};

    /** The names {@link #state} reports, one per {@link SessionState} record. */
    enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }

    /** Before the greeting; a non-null trace records the connection from the greeting on. */
    default TraceSink connected(String remoteAddress) { return null; }

    /** The session entered {@code state} (first call: its state after the greeting). */
    default void state(State state) {}

    /**
     * Credentials for {@code user} were right; false refuses the login with {@code NO [LIMIT]} (RFC 5530), e.g.
     * when the user has too many connections. Once true, the observer counts the session as the user's until
     * {@link #ended}.
     */
    default boolean admit(String user) { return true; }

    /** The login completed; a non-null trace records the connection from here on (unless one already runs). */
    default TraceSink loggedIn(String user, String mechanism) { return null; }

    /** Wrong credentials, a cancelled exchange that counted as a failure, or a refused authorization. */
    default void loginFailed(String mechanism) {}

    /** A command finished: its name (e.g. "UID FETCH"), result (null when it ended the connection) and time. */
    default void command(String name, Replies.Status result, long nanos) {}

    /** The connection is over: bytes of IMAP read and written (above TLS and COMPRESS) and commands run. */
    default void ended(long bytesIn, long bytesOut, int commands) {}
}
