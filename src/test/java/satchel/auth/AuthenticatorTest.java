package satchel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import satchel.config.AuthThrottle;
import satchel.store.User;

class AuthenticatorTest {
    private static final String SECRET_HASH = Passwords.hash("secret");
    private static final String HOST = "192.0.2.7";

    private final FakeUserStore store = new FakeUserStore();
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private Authenticator auth;

    @BeforeEach void setUp() throws Exception {
        store.createUser("alice", SECRET_HASH, null);
        var policy = new AuthThrottle(Duration.ofSeconds(1), 4, Duration.ofMinutes(5), Duration.ofMinutes(15));
        auth = new Authenticator(store, policy, clock::get, sleeps::add);
    }

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    @Test void rightPasswordLogsInWithoutDelay() {
        assertThat(auth.login("alice", "secret", HOST)).map(User::name).contains("alice");
        assertThat(sleeps).isEmpty();
        assertThat(auth.recentFailures(HOST)).isZero();
    }

    @Test void repeatedLoginIsServedFromTheCacheUntilItExpires() {
        auth.login("alice", "secret", HOST);
        assertThat(auth.hashVerifications()).isEqualTo(1);
        assertThat(auth.login("alice", "secret", "198.51.100.1")).isPresent();
        assertThat(auth.hashVerifications()).isEqualTo(1);

        advance(Authenticator.CACHE_TTL.plusNanos(1));
        assertThat(auth.login("alice", "secret", HOST)).isPresent();
        assertThat(auth.hashVerifications()).isEqualTo(2);
    }

    @Test void cacheNeverAcceptsAnotherPassword() {
        auth.login("alice", "secret", HOST);
        assertThat(auth.login("alice", "Secret", HOST)).isEmpty();
        assertThat(auth.login("bob", "secret", HOST)).isEmpty();
    }

    @Test void passwordChangeInvalidatesTheCache() throws Exception {
        auth.login("alice", "secret", HOST);
        store.updatePassword("alice", Passwords.hash("new secret"), null);

        assertThat(auth.login("alice", "secret", HOST)).isEmpty();
        assertThat(auth.login("alice", "new secret", HOST)).isPresent();
        assertThat(auth.hashVerifications()).isEqualTo(3);
    }

    @Test void failuresAreDelayedMoreEachTime() {
        for (int i = 0; i < 3; i++) assertThat(auth.login("alice", "wrong", HOST)).isEmpty();
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(auth.recentFailures(HOST)).isEqualTo(3);
    }

    @Test void delayGrowsToSixteenTimesTheBaseAtMost() {
        var policy = AuthThrottle.defaults();
        assertThat(policy.delayFor(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayFor(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(policy.delayFor(50)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test void unknownUsersCostAVerificationAndCountAsFailures() {
        assertThat(auth.login("mallory", "secret", HOST)).isEmpty();
        assertThat(auth.hashVerifications()).isEqualTo(1);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(auth.login(null, null, HOST)).isEmpty();
    }

    @Test void blockedAfterMaxFailuresInTheWindowThenReleased() {
        for (int i = 0; i < 3; i++) auth.login("alice", "wrong", HOST);
        assertThat(auth.blocked(HOST)).isFalse();
        auth.login("alice", "wrong", HOST);
        assertThat(auth.blocked(HOST)).isTrue();
        assertThat(auth.blocked("198.51.100.1")).isFalse();

        // While blocked even the right password is refused: an open connection must not go on guessing.
        assertThat(auth.login("alice", "secret", HOST)).isEmpty();

        advance(Duration.ofMinutes(15));
        assertThat(auth.blocked(HOST)).isFalse();
        assertThat(auth.login("alice", "secret", HOST)).isPresent();
    }

    @Test void failuresOutsideTheWindowAreForgotten() {
        for (int i = 0; i < 3; i++) auth.login("alice", "wrong", HOST);
        advance(Duration.ofMinutes(5));
        assertThat(auth.recentFailures(HOST)).isZero();
        sleeps.clear();
        auth.login("alice", "wrong", HOST);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(auth.blocked(HOST)).isFalse();
    }

    @Test void otherFailuresCountToo() {
        auth.failure(HOST);
        assertThat(auth.recentFailures(HOST)).isEqualTo(1);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test void corruptStoredHashFailsWithoutThrowing() throws Exception {
        store.createUser("carol", "not a hash", null);
        assertThat(auth.login("carol", "not a hash", HOST)).isEmpty();
    }
}
