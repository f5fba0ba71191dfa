package satchel.config;

import java.time.Duration;
import java.util.List;

/**
 * Failed-login throttling, counted in a sliding {@code window} for two keys with separate thresholds:
 * <ul>
 * <li>one user from one address: after {@code maxFailures} failures that user is refused from that address
 *     (tagged {@code NO [UNAVAILABLE]}, RFC 5530) for {@code blockTime}; other users of the address are not;
 * <li>one address, whatever the users: after {@code maxFailuresPerAddress} (much higher, since a NAT or a
 *     webmail front-end puts many people behind one address) the address is refused, new connections greeted
 *     with BYE. Addresses in {@code trustedNetworks} are never blocked as a whole.
 * </ul>
 * IPv6 addresses count per /64, the block one subscriber usually gets. The n-th failure of a user from an
 * address is answered after {@code failureDelay} × 2^(n-1), at most 16 × {@code failureDelay}. A connection is
 * closed with BYE after {@code maxFailuresPerConnection} failed attempts.
 */
public record AuthThrottle(Duration failureDelay, int maxFailures, Duration window, Duration blockTime,
                           int maxFailuresPerAddress, int maxFailuresPerConnection, List<Cidr> trustedNetworks) {
    /** Loopback: a webmail front-end on the same host carries all its users' logins from here. */
    public static final List<Cidr> DEFAULT_TRUSTED = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));

    public AuthThrottle {
        requireNonNegative("auth.failure-delay", failureDelay);
        requirePositive("auth.failure-window", window);
        requirePositive("auth.block-time", blockTime);
        if (maxFailures < 1) throw new IllegalArgumentException("auth.max-failures must be at least 1");
        if (maxFailuresPerAddress < 1) {
            throw new IllegalArgumentException("auth.max-failures-per-address must be at least 1");
        }
        if (maxFailuresPerConnection < 1) {
            throw new IllegalArgumentException("auth.max-failures-per-connection must be at least 1");
        }
        if (trustedNetworks == null) throw new IllegalArgumentException("auth.trusted-networks: missing value");
        trustedNetworks = List.copyOf(trustedNetworks);
    }

    /** The four classic settings; the others keep their defaults. */
    public AuthThrottle(Duration failureDelay, int maxFailures, Duration window, Duration blockTime) {
        this(failureDelay, maxFailures, window, blockTime, 100, 3, DEFAULT_TRUSTED);
    }

    public static AuthThrottle defaults() {
        return new AuthThrottle(Duration.ofSeconds(1), 10, Duration.ofMinutes(5), Duration.ofMinutes(15));
    }

    public AuthThrottle withMaxFailuresPerAddress(int n) {
        return new AuthThrottle(failureDelay, maxFailures, window, blockTime, n, maxFailuresPerConnection,
                trustedNetworks);
    }

    public AuthThrottle withMaxFailuresPerConnection(int n) {
        return new AuthThrottle(failureDelay, maxFailures, window, blockTime, maxFailuresPerAddress, n,
                trustedNetworks);
    }

    public AuthThrottle withTrustedNetworks(List<Cidr> networks) {
        return new AuthThrottle(failureDelay, maxFailures, window, blockTime, maxFailuresPerAddress,
                maxFailuresPerConnection, networks);
    }

    /** How long to hold back the answer to the {@code n}-th failure (n >= 1) in the window. */
    public Duration delayFor(int n) {
        int doublings = Math.min(Math.max(n, 1) - 1, 4);
        return failureDelay.multipliedBy(1L << doublings);
    }

    private static void requireNonNegative(String key, Duration d) {
        if (d == null || d.isNegative()) throw new IllegalArgumentException(key + " must not be negative");
    }

    private static void requirePositive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(key + " must be positive");
    }
}
