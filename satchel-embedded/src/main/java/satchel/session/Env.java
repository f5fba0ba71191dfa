package satchel.session;

import satchel.auth.Authenticator;
import satchel.store.MailStore;

/** What every handler of one session may use; created once per connection. */
record Env(MailStore store, Authenticator auth, SessionConfig config, Connection conn, Replies out,
           SessionObserver observer) {
    /** Plaintext LOGIN / AUTHENTICATE PLAIN: over TLS, on loopback, or when the configuration allows it. */
    boolean plaintextAllowed() {
        Transport t = conn.transport();
        return t.secure() || t.loopback() || config.plaintextAuthOnInsecure();
    }

    /** What the client has enabled so far (see {@link Connection#settings()}). */
    satchel.wire.Settings settings() {
        return conn.settings();
    }

    /**
     * RFC 7162 §3.1: a CONDSTORE enabling command. The first one reports HIGHESTMODSEQ if a mailbox is selected,
     * as last synced: a value the client has seen every change up to, so a resync from it misses nothing.
     */
    void enableCondstore(MailboxView selected) throws java.io.IOException {
        if (conn.settings(satchel.wire.Settings::withCondstore) && selected != null) {
            out.queue(SelectResponses.highestModSeq(selected.highestModSeq()));
        }
    }

    java.util.List<String> capabilities(SessionState state) {
        return switch (state) {
            case SessionState.NotAuthenticated _ -> Capabilities.withSasl(Capabilities.beforeLogin(conn.transport().secure(),
                    conn.transport().tlsAvailable() && !conn.compressed(), plaintextAllowed()),
                    auth.bearerTokens().isPresent() && plaintextAllowed(), conn.transport().tlsExporter() != null);
            case SessionState.Authenticated _, SessionState.Selected _ -> Capabilities.authenticated(config.afterLogin().appendBytes());
            case SessionState.Logout _ -> java.util.List.of();
        };
    }
}
