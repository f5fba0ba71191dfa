package satchel.session;

/**
 * The four connection states of RFC 3501 §3 (RFC 9051 §3). Each record holds exactly what exists in that state;
 * only {@link ImapSession}'s loop assigns the current state, from what {@link Transitions} returns.
 */
public sealed interface SessionState {
    /** {@code failedLogins}: failures on this connection, for the per-connection limit. */
    record NotAuthenticated(int failedLogins) implements SessionState {}

    record Authenticated(UserContext user) implements SessionState {}

    record Selected(UserContext user, MailboxView view) implements SessionState {}

    record Logout() implements SessionState {}
}
