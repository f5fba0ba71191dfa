package satchel.auth;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import satchel.config.AuthThrottle;

/**
 * Counts failed logins per remote address in a sliding window, as Dovecot's auth penalty does. Bounded:
 * addresses whose failures have all expired are forgotten. Thread-safe.
 */
final class LoginThrottle {
    private static final int MAX_TRACKED = 100_000;

    private final AuthThrottle policy;
    private final LongSupplier nanoTime;
    private final Map<String, Record> byAddress = new ConcurrentHashMap<>();

    private static final class Record {
        final Deque<Long> failures = new ArrayDeque<>();
        long blockedUntil; // compared as now - blockedUntil, so nanoTime overflow is harmless

        Record(long now) {
            blockedUntil = now;
        }
    }

    LoginThrottle(AuthThrottle policy, LongSupplier nanoTime) {
        this.policy = policy;
        this.nanoTime = nanoTime;
    }

    /** Counts one failure and returns how long to hold back the answer. */
    Duration failure(String address) {
        long now = nanoTime.getAsLong();
        if (byAddress.size() >= MAX_TRACKED) prune(now);
        Record r = byAddress.computeIfAbsent(address, a -> new Record(now));
        synchronized (r) {
            expire(r, now);
            r.failures.addLast(now);
            int n = r.failures.size();
            if (n >= policy.maxFailures()) r.blockedUntil = now + policy.blockTime().toNanos();
            return policy.delayFor(n);
        }
    }

    boolean blocked(String address) {
        Record r = byAddress.get(address);
        if (r == null) return false;
        synchronized (r) {
            return r.blockedUntil - nanoTime.getAsLong() > 0;
        }
    }

    /** Failures of {@code address} still inside the window. */
    int failures(String address) {
        Record r = byAddress.get(address);
        if (r == null) return 0;
        synchronized (r) {
            expire(r, nanoTime.getAsLong());
            return r.failures.size();
        }
    }

    private void expire(Record r, long now) {
        long window = policy.window().toNanos();
        while (!r.failures.isEmpty() && now - r.failures.peekFirst() >= window) r.failures.removeFirst();
    }

    private void prune(long now) {
        byAddress.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                expire(e.getValue(), now);
                return e.getValue().failures.isEmpty() && e.getValue().blockedUntil - now <= 0;
            }
        });
    }
}
