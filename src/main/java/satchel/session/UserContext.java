package satchel.session;

import satchel.store.User;
import satchel.store.UserMail;

/** The logged-in user and their mail; {@code enabled} holds RFC 5161 ENABLEd extensions. */
public record UserContext(User user, UserMail mail, Enabled enabled) {
    /** RFC 5161 ENABLE state of the session (CONDSTORE may also be turned on implicitly, RFC 7162 §3.1). */
    public static final class Enabled {
        private volatile boolean condstore;
        private volatile boolean qresync;

        public boolean condstore() { return condstore || qresync; }

        public boolean qresync() { return qresync; }

        /** True if this turned CONDSTORE on (RFC 7162 §3.1: only the first enabling command reports HIGHESTMODSEQ). */
        boolean enableCondstore() {
            boolean was = condstore();
            condstore = true;
            return !was;
        }

        void enableQresync() { qresync = true; }
    }
}
