package satchel.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import satchel.store.User;

/**
 * What an {@link Authenticator} checks a client's proof against: the stored password hash (LOGIN, PLAIN) and the
 * SCRAM keys. {@link #PRODUCTION}, every configured server's, knows Argon2id hashes ({@link Passwords}) and the
 * stored keys only. {@link #embedded}, the embedded test server's ({@code satchel.embedded}), also knows the
 * test-speed hash ({@link TestPasswords}) and derives the SCRAM keys of its users on first use, so that a test
 * suite pays neither Argon2 nor 4096 PBKDF2 rounds for users who never log in that way. Thread-safe.
 */
public sealed interface Credentials {
    Credentials PRODUCTION = new Production();

    /**
     * True when {@code password} matches {@code storedHash}; false for a malformed hash. A null hash means an
     * unknown user: false, after as much work as a wrong password costs where that matters.
     */
    boolean verify(String password, String storedHash);

    /** The user's SCRAM-SHA-256 keys, empty when there are none. */
    Optional<Scram.Keys> scramKeys(User user);

    /**
     * The embedded server's. {@code passwords} gives the password the embedding program declared for a user, if it
     * did; users stored without SCRAM keys get keys derived from it, once per password and JVM.
     */
    static Credentials embedded(Function<String, Optional<String>> passwords) {
        return new Embedded(passwords);
    }

    /** Argon2id only; unknown users are checked against a dummy hash so they take as long as a wrong password. */
    final class Production implements Credentials {
        private static final class Dummy { // computed once, on the first unknown user (on a pool thread)
            static final String HASH = Passwords.hash("dummy password for unknown users");
        }

        private Production() {}

        @Override public boolean verify(String password, String storedHash) {
            return Passwords.verify(password, storedHash != null ? storedHash : Dummy.HASH) && storedHash != null;
        }

        @Override public Optional<Scram.Keys> scramKeys(User user) {
            return Scram.Keys.parse(user.scram());
        }
    }

    /** Test hashes too, and Argon2id for users a data directory already held. */
    final class Embedded implements Credentials {
        /**
         * Keys by password for the life of the JVM: a suite starts many servers with the same few users. Sharing a
         * salt between test servers of one process costs nothing worth protecting.
         */
        private static final Map<String, Optional<String>> DERIVED = new ConcurrentHashMap<>();

        private final Function<String, Optional<String>> passwords;

        private Embedded(Function<String, Optional<String>> passwords) {
            this.passwords = passwords;
        }

        @Override public boolean verify(String password, String storedHash) {
            if (storedHash == null) return false; // a test server: no timing to hide
            return TestPasswords.isTestHash(storedHash) ? TestPasswords.verify(password, storedHash)
                    : Passwords.verify(password, storedHash);
        }

        @Override public Optional<Scram.Keys> scramKeys(User user) {
            if (user.scram() != null) return Scram.Keys.parse(user.scram());
            return passwords.apply(user.name())
                    .flatMap(p -> DERIVED.computeIfAbsent(p, k -> Optional.ofNullable(Scram.storedKeys(k))))
                    .flatMap(Scram.Keys::parse);
        }
    }
}
