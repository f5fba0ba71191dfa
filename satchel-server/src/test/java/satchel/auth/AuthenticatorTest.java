package satchel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import satchel.auth.Authenticator.Outcome;
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
        store.createUser("bob", SECRET_HASH, null);
        var policy = new AuthThrottle(Duration.ofSeconds(1), 4, Duration.ofMinutes(5), Duration.ofMinutes(15),
                8, 3, List.of());
        auth = new Authenticator(store, policy, AuthSecret.random(), new HashPool(1), clock::get, sleeps::add);
    }

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    private Optional<String> login(String user, String password, String host) {
        return switch (auth.login(user, password, host)) {
            case Outcome.Granted<User>(User u) -> Optional.of(u.name());
            case Outcome.Denied<User> _, Outcome.Unavailable<User> _ -> Optional.empty();
        };
    }

    @Test void rightPasswordLogsInWithoutDelay() {
        assertThat(login("alice", "secret", HOST)).contains("alice");
        assertThat(sleeps).isEmpty();
        assertThat(auth.recentFailures(HOST)).isZero();
    }

    @Test void theGivenNameIsNormalisedLikeStoredNames() throws Exception {
        store.createUser("zo\u00eb", SECRET_HASH, null); // NFC, as satchel user add stores it
        assertThat(login("zoe\u0308", "secret", HOST)).contains("zo\u00eb");
        assertThat(login("zo\u00eb", "secret", HOST)).contains("zo\u00eb");
    }

    @Test void repeatedLoginIsServedFromTheCacheUntilItExpires() {
        login("alice", "secret", HOST);
        assertThat(auth.hashVerifications()).isEqualTo(1);
        assertThat(login("alice", "secret", "198.51.100.1")).isPresent();
        assertThat(auth.hashVerifications()).isEqualTo(1);

        advance(Authenticator.CACHE_TTL.plusNanos(1));
        assertThat(login("alice", "secret", HOST)).isPresent();
        assertThat(auth.hashVerifications()).isEqualTo(2);
    }

    @Test void cacheNeverAcceptsAnotherPassword() {
        login("alice", "secret", HOST);
        assertThat(login("alice", "Secret", HOST)).isEmpty();
        assertThat(login("carol", "secret", HOST)).isEmpty();
    }

    @Test void passwordChangeInvalidatesTheCache() throws Exception {
        login("alice", "secret", HOST);
        store.updatePassword("alice", Passwords.hash("new secret"), null);

        assertThat(login("alice", "secret", HOST)).isEmpty();
        assertThat(login("alice", "new secret", HOST)).isPresent();
        assertThat(auth.hashVerifications()).isEqualTo(3);
    }

    @Test void failuresAreDelayedMoreEachTime() {
        for (int i = 0; i < 3; i++) assertThat(auth.login("alice", "wrong", HOST)).isInstanceOf(Outcome.Denied.class);
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
        assertThat(login("mallory", "secret", HOST)).isEmpty();
        assertThat(auth.hashVerifications()).isEqualTo(1);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(login(null, null, HOST)).isEmpty();
    }

    @Test void aBlockedUserIsRefusedUncheckedUncountedAndUndelayedWhileOthersLogIn() {
        for (int i = 0; i < 4; i++) login("alice", "wrong", HOST);
        long verified = auth.hashVerifications();
        sleeps.clear();

        // RFC 5530 UNAVAILABLE, not a wrong password: the right one is not even looked at.
        assertThat(auth.login("alice", "secret", HOST)).isInstanceOf(Outcome.Unavailable.class);
        assertThat(auth.hashVerifications()).isEqualTo(verified);
        assertThat(sleeps).isEmpty();
        assertThat(auth.recentFailures(HOST)).isEqualTo(4);

        assertThat(login("bob", "secret", HOST)).contains("bob");
        assertThat(login("alice", "secret", "198.51.100.1")).contains("alice");
        assertThat(auth.blocked(HOST)).isFalse();

        advance(Duration.ofMinutes(15));
        assertThat(login("alice", "secret", HOST)).contains("alice");
    }

    @Test void aBlockedAddressRefusesEveryUserAndEveryMechanism() {
        for (int i = 0; i < 8; i++) login("user" + i, "wrong", HOST);
        assertThat(auth.blocked(HOST)).isTrue();
        var checks = new AtomicInteger();
        Outcome<String> scram = auth.attempt("bob", HOST, () -> {
            checks.incrementAndGet();
            return Optional.of("v=signature");
        });
        assertThat(scram).isInstanceOf(Outcome.Unavailable.class);
        assertThat(checks).hasValue(0);
        assertThat(auth.login("bob", "secret", HOST)).isInstanceOf(Outcome.Unavailable.class);
        assertThat(auth.blocked("198.51.100.1")).isFalse();
    }

    @Test void anyMechanismsFailuresCountAndItsSuccessIsPassedOn() {
        assertThat(auth.attempt("bob", HOST, Optional::empty)).isInstanceOf(Outcome.Denied.class);
        assertThat(auth.recentFailures(HOST)).isEqualTo(1);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(auth.attempt("bob", HOST, () -> Optional.of("v=x"))).isEqualTo(new Outcome.Granted<>("v=x"));
    }

    @Test void failuresOutsideTheWindowAreForgotten() {
        for (int i = 0; i < 3; i++) login("alice", "wrong", HOST);
        advance(Duration.ofMinutes(5));
        assertThat(auth.recentFailures(HOST)).isZero();
        sleeps.clear();
        login("alice", "wrong", HOST);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(auth.login("alice", "secret", HOST)).isInstanceOf(Outcome.Granted.class);
    }

    @Test void corruptStoredHashFailsWithoutThrowing() throws Exception {
        store.createUser("carol", "not a hash", null);
        assertThat(login("carol", "not a hash", HOST)).isEmpty();
    }

    /** Logins of one account arriving together (a node restart, a client's parallel connections) hash once. */
    @Test void concurrentLoginsOfOneAccountShareOneHash() throws Exception {
        var pool = new HashPool(1);
        var shared = new Authenticator(store, AuthThrottle.defaults(), AuthSecret.random(), pool, clock::get,
                sleeps::add);
        // The pool's one thread is busy until every login has arrived: each either queued a hash or waits for one.
        var release = new java.util.concurrent.CountDownLatch(1);
        Thread blocker = Thread.ofVirtual().start(() -> pool.run(() -> {
            release.await();
            return null;
        }));
        var granted = new AtomicInteger();
        List<Thread> logins = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            logins.add(Thread.ofVirtual().start(() -> {
                if (shared.login("alice", "secret", HOST) instanceof Outcome.Granted<User>) granted.incrementAndGet();
            }));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (logins.stream().anyMatch(t -> t.getState() != Thread.State.WAITING) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        release.countDown();
        blocker.join();
        for (Thread t : logins) t.join();
        assertThat(granted).hasValue(8);
        assertThat(shared.hashVerifications()).isEqualTo(1);
        // A wrong password never takes a right one's verdict.
        assertThat(shared.login("alice", "Secret", HOST)).isInstanceOf(Outcome.Denied.class);
        assertThat(shared.hashVerifications()).isEqualTo(2);
    }
}
