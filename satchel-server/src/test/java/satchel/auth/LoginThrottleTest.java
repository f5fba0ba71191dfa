package satchel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import satchel.config.AuthThrottle;
import satchel.config.Cidr;

/** The two counts, their thresholds, trusted networks, IPv6 /64 keys and expiry, on an injected clock. */
class LoginThrottleTest {
    private static final String NAT = "198.51.100.7";
    private static final String OTHER = "203.0.113.9";

    private final AtomicLong clock = new AtomicLong(42);
    private final AuthThrottle policy = new AuthThrottle(Duration.ofSeconds(1), 3, Duration.ofMinutes(5),
            Duration.ofMinutes(15), 6, 3, List.of(Cidr.parse("10.1.2.0/24"), Cidr.parse("::1/128")));
    private final LoginThrottle throttle = new LoginThrottle(policy, clock::get);

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) throttle.failure(user, address);
    }

    @Test void oneUserFromOneAddressIsBlockedAloneAtItsThreshold() {
        fail("bob", NAT, 2);
        assertThat(throttle.refused("bob", NAT)).isFalse();
        fail("bob", NAT, 1);
        assertThat(throttle.refused("bob", NAT)).isTrue();
        assertThat(throttle.refused("BOB", NAT)).as("names count case-insensitively").isTrue();
        assertThat(throttle.refused("alice", NAT)).as("another user of the address").isFalse();
        assertThat(throttle.refused("bob", OTHER)).as("the same user elsewhere").isFalse();
        assertThat(throttle.addressBlocked(NAT)).isFalse();
    }

    @Test void theAddressAsAWholeIsBlockedAtItsOwnHigherThreshold() {
        for (int i = 0; i < 5; i++) throttle.failure("user" + i, NAT);
        assertThat(throttle.addressBlocked(NAT)).isFalse();
        throttle.failure(null, NAT); // a failure before any user name is known counts for the address
        assertThat(throttle.addressBlocked(NAT)).isTrue();
        assertThat(throttle.refused("alice", NAT)).isTrue();
        assertThat(throttle.refused(null, NAT)).isTrue();
        assertThat(throttle.addressBlocked(OTHER)).isFalse();
    }

    @Test void trustedNetworksAreNeverBlockedAsAWholeButEachUserStillIs() {
        for (int i = 0; i < 50; i++) throttle.failure("user" + i, "10.1.2.77");
        assertThat(throttle.addressBlocked("10.1.2.77")).isFalse();
        assertThat(throttle.refused("alice", "10.1.2.77")).isFalse();
        assertThat(throttle.failures("10.1.2.77")).isZero();
        fail("bob", "10.1.2.77", 3);
        assertThat(throttle.refused("bob", "10.1.2.77")).isTrue();
        assertThat(throttle.trusted("::1")).isTrue();
        assertThat(throttle.trusted("10.1.3.1")).isFalse();
        assertThat(throttle.trusted("127.0.0.1")).as("only what is configured").isFalse();
        assertThat(throttle.trusted("stdio")).isFalse();
    }

    @Test void ipv6AddressesCountPerSlash64() {
        fail(null, "2001:db8:1:2::1", 3);
        fail(null, "2001:db8:1:2:ffff:ffff:ffff:fffe", 3);
        assertThat(throttle.addressBlocked("2001:db8:1:2:abcd::9")).isTrue();
        assertThat(throttle.addressBlocked("2001:db8:1:3::1")).isFalse();
        fail("bob", "2001:db8:1:3::1", 2);
        fail("bob", "2001:db8:1:3::2%eth0", 1);
        assertThat(throttle.refused("bob", "2001:db8:1:3:0:0:0:99")).isTrue();
    }

    @Test void ipv4MappedIpv6CountsAsIpv4() {
        fail("bob", "::ffff:198.51.100.7", 3);
        assertThat(throttle.refused("bob", NAT)).isTrue();
    }

    @Test void delaysGrowWithTheUsersFailuresNotTheAddresss() {
        assertThat(throttle.failure("a", NAT)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.failure("b", NAT)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.failure("a", NAT)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test void failuresExpireAfterTheWindowAndBlocksAfterTheBlockTime() {
        fail("bob", NAT, 2);
        advance(Duration.ofMinutes(5));
        fail("bob", NAT, 2);
        assertThat(throttle.refused("bob", NAT)).as("the first two have left the window").isFalse();
        fail("bob", NAT, 1);
        assertThat(throttle.refused("bob", NAT)).isTrue();
        advance(Duration.ofMinutes(15).minusNanos(1));
        assertThat(throttle.refused("bob", NAT)).isTrue();
        advance(Duration.ofNanos(1));
        assertThat(throttle.refused("bob", NAT)).isFalse();
        fail("bob", NAT, 2);
        assertThat(throttle.refused("bob", NAT)).as("a fresh count after the block").isFalse();
    }

    @Test void askingWhileBlockedDoesNotExtendTheBlock() {
        fail("bob", NAT, 3);
        for (int i = 0; i < 10; i++) {
            advance(Duration.ofMinutes(1));
            assertThat(throttle.refused("bob", NAT)).isTrue();
        }
        advance(Duration.ofMinutes(5));
        assertThat(throttle.refused("bob", NAT)).isFalse();
    }

    @Test void successForgetsThatUsersFailuresButNotTheAddresss() {
        fail("bob", NAT, 2);
        throttle.success("bob", NAT);
        fail("bob", NAT, 2);
        assertThat(throttle.refused("bob", NAT)).isFalse();
        // An attacker with an account of their own must not wipe the address's count by logging in.
        assertThat(throttle.failures(NAT)).isEqualTo(4);
        fail("eve", NAT, 2);
        assertThat(throttle.addressBlocked(NAT)).isTrue();
    }

    @Test void clockOverflowIsHarmless() {
        clock.set(Long.MAX_VALUE - Duration.ofMinutes(1).toNanos());
        fail("bob", NAT, 3);
        advance(Duration.ofMinutes(10));
        assertThat(throttle.refused("bob", NAT)).isTrue();
        advance(Duration.ofMinutes(5));
        assertThat(throttle.refused("bob", NAT)).isFalse();
    }
}
