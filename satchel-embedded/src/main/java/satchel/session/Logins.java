package satchel.session;

import satchel.store.MailStore;
import satchel.store.User;

/** Building the Authenticated state's context for a user (LOGIN, AUTHENTICATE, PREAUTH). */
final class Logins {
    private Logins() {}

    static UserContext context(MailStore store, User user) {
        return new UserContext(user, store.mail(user));
    }
}
