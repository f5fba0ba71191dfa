package satchel.auth;

import java.util.Optional;
import satchel.store.MailStore;
import satchel.store.User;

/**
 * Checks credentials against the store with a short-lived cache of recent successful verifications (as
 * Dovecot's auth cache), and throttles addresses with repeated failures. Thread-safe.
 */
public final class Authenticator {
    public Authenticator(MailStore store) {
        throw new UnsupportedOperationException("server helper");
    }

    /** The user when the password is right. Failures are counted for {@code remoteAddress} and delayed. */
    public Optional<User> login(String user, String password, String remoteAddress) {
        throw new UnsupportedOperationException("server helper");
    }

    /** True while the address is blocked after repeated failures: greet it with BYE. */
    public boolean blocked(String remoteAddress) {
        throw new UnsupportedOperationException("server helper");
    }
}
