package satchel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import satchel.store.User;

/**
 * The embedded server's test-speed hash and SCRAM keys derived on first use, against the production rules: a
 * configured server never accepts a test hash.
 */
class CredentialsTest {
    private static final Credentials EMBEDDED = Credentials.embedded(name -> Optional.ofNullable(Map.of(
            "alice", "secret pässword").get(name)));

    private static User user(String name, String hash, String scram) {
        return new User(new satchel.store.UserId(1), name, hash, scram);
    }

    @Test
    void theTestHashVerifiesOnlyOnAnEmbeddedServer() {
        String hash = TestPasswords.hash("secret");
        assertThat(hash).startsWith("$satchel-test$");
        assertThat(TestPasswords.hash("secret")).isNotEqualTo(hash); // salted
        assertThat(EMBEDDED.verify("secret", hash)).isTrue();
        assertThat(EMBEDDED.verify("secret ", hash)).isFalse();
        assertThat(EMBEDDED.verify(null, hash)).isFalse();
        assertThat(Credentials.PRODUCTION.verify("secret", hash)).isFalse();
        assertThat(Passwords.verify("secret", hash)).isFalse();
    }

    @Test
    void malformedTestHashesAreRefused() {
        String hash = TestPasswords.hash("secret");
        assertThat(EMBEDDED.verify("secret", hash + "$extra")).isFalse();
        assertThat(EMBEDDED.verify("secret", hash.substring(0, hash.lastIndexOf('$')))).isFalse();
        assertThat(EMBEDDED.verify("secret", "$satchel-test$!!$!!")).isFalse();
        assertThat(EMBEDDED.verify("secret", null)).isFalse();
    }

    @Test
    void anEmbeddedServerStillAcceptsArgon2FromADataDirectory() {
        String argon = Passwords.hash("secret");
        assertThat(EMBEDDED.verify("secret", argon)).isTrue();
        assertThat(EMBEDDED.verify("wrong", argon)).isFalse();
    }

    @Test
    void scramKeysOfADeclaredUserAreDerivedFromItsPassword() {
        Scram.Keys keys = EMBEDDED.scramKeys(user("alice", "h", null)).orElseThrow();
        assertThat(keys.iterations()).isEqualTo(Scram.ITERATIONS);
        Scram.Keys expected = Scram.derive("secret pässword", keys.salt(), keys.iterations());
        assertThat(keys.storedKey()).isEqualTo(expected.storedKey());
        assertThat(keys.serverKey()).isEqualTo(expected.serverKey());
        // Once per password and JVM: the next server's user gets the same keys without deriving again.
        assertThat(EMBEDDED.scramKeys(user("alice", "h", null)).orElseThrow().salt()).isEqualTo(keys.salt());
    }

    @Test
    void storedScramKeysWinAndUndeclaredUsersHaveNone() {
        String stored = Scram.storedKeys("other");
        assertThat(EMBEDDED.scramKeys(user("alice", "h", stored)).orElseThrow().encode()).isEqualTo(stored);
        assertThat(EMBEDDED.scramKeys(user("bob", "h", null))).isEmpty();
        assertThat(Credentials.PRODUCTION.scramKeys(user("alice", "h", null))).isEmpty();
        assertThat(Credentials.PRODUCTION.scramKeys(user("alice", "h", stored)).orElseThrow().encode()).isEqualTo(stored);
    }
}
