package satchel.auth;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import satchel.config.AuthThrottle;
import satchel.net.AddressKey;

/**
 * Counts failed logins in a sliding window twice: per user at an address, and per address whatever the user
 * (addresses as {@link AddressKey}s, so an IPv6 /64 is one address). Each count has its own threshold and
 * blocks for {@code blockTime} once reached; trusted networks are never counted as a whole. Only failures
 * count: a refused attempt is not a failure, so asking again while blocked neither counts nor extends the
 * block. Bounded: keys whose failures have all expired are forgotten, and when {@value #MAX_TRACKED} keys are
 * live a new key is not tracked (the per-address count still is, unless that map is full too). Thread-safe.
 */
final class LoginThrottle {
    static final int MAX_TRACKED = 100_000;
    private static final int MAX_USER_CHARS = 256;

    private final AuthThrottle policy;
    private final LongSupplier nanoTime;
    private final Map<AddressKey, Window> byAddress = new ConcurrentHashMap<>();
    private final Map<UserAt, Window> byUser = new ConcurrentHashMap<>();
    private final AtomicLong lastPrune;

    private record UserAt(String user, AddressKey address) {}

    LoginThrottle(AuthThrottle policy, LongSupplier nanoTime) {
        this.policy = policy;
        this.nanoTime = nanoTime;
        this.lastPrune = new AtomicLong(nanoTime.getAsLong());
    }

    /** True when an attempt of {@code user} (null if not known yet) from {@code address} must be refused. */
    boolean refused(String user, String address) {
        long now = nanoTime.getAsLong();
        if (blocked(byAddress.get(AddressKey.of(address)), now)) return true;
        return user != null && blocked(byUser.get(key(user, address)), now);
    }

    /** True while the address as a whole is blocked: new connections from it are greeted with BYE. */
    boolean addressBlocked(String address) {
        return blocked(byAddress.get(AddressKey.of(address)), nanoTime.getAsLong());
    }

    /** Counts one failure and returns how long to hold back the answer. */
    Duration failure(String user, String address) {
        long now = nanoTime.getAsLong();
        int n = 1;
        if (!trusted(address)) n = count(byAddress, AddressKey.of(address), policy.maxFailuresPerAddress(), now);
        if (user != null) n = count(byUser, key(user, address), policy.maxFailures(), now);
        return policy.delayFor(n);
    }

    /** The right password for {@code user}: that user's failures from the address are forgotten (not the address's). */
    void success(String user, String address) {
        if (user != null) byUser.remove(key(user, address));
    }

    /** Failures of the address as a whole still inside the window. */
    int failures(String address) {
        Window w = byAddress.get(AddressKey.of(address));
        return w == null ? 0 : w.count(nanoTime.getAsLong(), policy.window().toNanos());
    }

    boolean trusted(String address) {
        return AddressKey.parse(address)
                .map(a -> policy.trustedNetworks().stream().anyMatch(n -> n.contains(a)))
                .orElse(false);
    }

    private static UserAt key(String user, String address) {
        String u = user.length() > MAX_USER_CHARS ? user.substring(0, MAX_USER_CHARS) : user;
        return new UserAt(u.toLowerCase(Locale.ROOT), AddressKey.of(address));
    }

    private static boolean blocked(Window w, long now) {
        return w != null && w.blocked(now);
    }

    /** Adds a failure under {@code key}; returns the failures in the window, this one included. */
    private <K> int count(Map<K, Window> map, K key, int max, long now) {
        if (map.size() >= MAX_TRACKED && !map.containsKey(key)) {
            prune(map, now);
            if (map.size() >= MAX_TRACKED) return 1;
        }
        long window = policy.window().toNanos();
        int[] n = new int[1];
        map.compute(key, (k, w) -> {
            Window next = w != null ? w : new Window(now);
            n[0] = next.fail(now, window, max, policy.blockTime().toNanos());
            return next;
        });
        return n[0];
    }

    /** At most once a second, so a full map under attack does not turn every failure into a full scan. */
    private <K> void prune(Map<K, Window> map, long now) {
        long last = lastPrune.get();
        if (now - last < 1_000_000_000L || !lastPrune.compareAndSet(last, now)) return;
        long window = policy.window().toNanos();
        for (K k : map.keySet()) map.computeIfPresent(k, (key, w) -> w.idle(now, window) ? null : w);
    }

    /** Failure times inside the window and the end of the current block, for one key. */
    private static final class Window {
        private final Deque<Long> failures = new ArrayDeque<>();
        private long blockedUntil; // compared as blockedUntil - now, so nanoTime overflow is harmless

        Window(long now) {
            blockedUntil = now;
        }

        synchronized int fail(long now, long window, int max, long blockTime) {
            expire(now, window);
            failures.addLast(now);
            int n = failures.size();
            if (n >= max) {
                blockedUntil = now + blockTime;
                failures.clear(); // after the block a fresh count begins
            }
            return n;
        }

        synchronized boolean blocked(long now) {
            return blockedUntil - now > 0;
        }

        synchronized int count(long now, long window) {
            expire(now, window);
            return failures.size();
        }

        synchronized boolean idle(long now, long window) {
            expire(now, window);
            return failures.isEmpty() && !blocked(now);
        }

        private void expire(long now, long window) {
            while (!failures.isEmpty() && now - failures.peekFirst() >= window) failures.removeFirst();
        }
    }
}
