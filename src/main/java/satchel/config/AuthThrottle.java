package satchel.config;

import java.time.Duration;

/**
 * Failed-login throttling per remote address. The n-th failure inside {@code window} is answered after
 * {@code failureDelay} × 2^(n-1), at most 16 × {@code failureDelay}; after {@code maxFailures} failures in the
 * window the address is refused (greeted with BYE) for {@code blockTime}.
 */
public record AuthThrottle(Duration failureDelay, int maxFailures, Duration window, Duration blockTime) {
    public AuthThrottle {
        requireNonNegative("auth.failure-delay", failureDelay);
        requirePositive("auth.failure-window", window);
        requirePositive("auth.block-time", blockTime);
        if (maxFailures < 1) throw new IllegalArgumentException("auth.max-failures must be at least 1");
    }

    public static AuthThrottle defaults() {
        return new AuthThrottle(Duration.ofSeconds(1), 10, Duration.ofMinutes(5), Duration.ofMinutes(15));
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
