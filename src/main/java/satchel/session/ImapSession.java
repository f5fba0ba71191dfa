package satchel.session;

import satchel.auth.Authenticator;
import satchel.store.MailStore;
import satchel.store.User;

/**
 * One IMAP connection from greeting to Logout, on the caller's (virtual) thread. Thread-safe only for
 * {@link #shutdown}, which any thread may call to send BYE and close (RFC 3501 §7.1.5).
 */
public final class ImapSession {
    /** How the connection starts (RFC 3501 §3 transitions 1-3). */
    public sealed interface Greeting {
        record Ok() implements Greeting {}
        record PreAuth(User user) implements Greeting {}
        record Bye(String reason) implements Greeting {}
    }

    public ImapSession(MailStore store, Authenticator auth, SessionConfig config, Transport transport) {
        throw new UnsupportedOperationException("session");
    }

    /** Runs until Logout; never throws; closes the transport at the end. */
    public void run(Greeting greeting) {
        throw new UnsupportedOperationException("session");
    }

    /** Server shutdown: untagged BYE, then close (transition 7). */
    public void shutdown(String reason) {
        throw new UnsupportedOperationException("session");
    }
}
