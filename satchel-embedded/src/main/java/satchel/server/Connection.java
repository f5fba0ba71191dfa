package satchel.server;

import satchel.auth.Authenticator;
import satchel.session.ImapSession;
import satchel.session.ImapSession.Greeting;
import satchel.session.SessionConfig;
import satchel.session.SessionObserver;
import satchel.session.Transport;
import satchel.store.MailStore;

/** What the server needs of a session: the seam lets server tests run without the session layer. */
interface Connection {
    void run(Greeting greeting);

    void shutdown(String reason);

    /** What the session is doing now ({@code satchel who}); any thread. */
    default ImapSession.Activity activity() {
        return new ImapSession.Activity("-", satchel.session.SessionObserver.State.NOT_AUTHENTICATED, null, 0, 0);
    }

    interface Factory {
        Connection create(MailStore store, Authenticator auth, SessionConfig config, Transport transport,
                          SessionObserver observer);
    }

    /** The real one: an {@link ImapSession} per connection. */
    Factory SESSIONS = (store, auth, config, transport, observer) -> {
        ImapSession session = new ImapSession(store, auth, config, transport, observer);
        return new Connection() {
            @Override public void run(Greeting greeting) {
                session.run(greeting);
            }

            @Override public void shutdown(String reason) {
                session.shutdown(reason);
            }

            @Override public ImapSession.Activity activity() {
                return session.activity();
            }
        };
    };
}
