package satchel.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.config.AuthThrottle;
import satchel.store.MailStore;
import satchel.store.StoreException;
import satchel.store.User;

/**
 * Checks credentials against the store with a short-lived cache of recent successful verifications (as
 * Dovecot's auth cache), and throttles addresses with repeated failures. Thread-safe.
 *
 * <p>The cache maps user + HMAC(per-process random key, password) to the stored hash that was verified, so
 * no password is kept and an entry stops matching as soon as the stored hash changes (also when another
 * process, such as {@code satchel user passwd}, changed it). Unknown users are verified against a dummy hash
 * so they take as long as a wrong password. Each failure is answered late (see {@link AuthThrottle}), on the
 * caller's (virtual) thread.
 */
public final class Authenticator {
    /** Blocks the calling thread; tests pass a recorder. */
    interface Sleeper {
        void sleep(Duration d);
    }

    static final Duration CACHE_TTL = Duration.ofMinutes(5);
    private static final int CACHE_MAX = 10_000;
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final MailStore store;
    private final LoginThrottle throttle;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, CacheEntry> cache = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong hashVerifications = new java.util.concurrent.atomic.AtomicLong();

    private record CacheEntry(String storedHash, long expiresAt) {}

    private static final class Dummy { // computed once, on the first unknown user
        static final String HASH = Passwords.hash("dummy password for unknown users");
    }

    public Authenticator(MailStore store) {
        this(store, AuthThrottle.defaults());
    }

    public Authenticator(MailStore store, AuthThrottle policy) {
        this(store, policy, System::nanoTime, Authenticator::sleep);
    }

    Authenticator(MailStore store, AuthThrottle policy, LongSupplier nanoTime, Sleeper sleeper) {
        this.store = store;
        this.throttle = new LoginThrottle(policy, nanoTime);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        new SecureRandom().nextBytes(cacheKey);
    }

    /** The user when the password is right. Failures are counted for {@code remoteAddress} and delayed. */
    public Optional<User> login(String user, String password, String remoteAddress) {
        if (throttle.blocked(remoteAddress)) { // an open connection must not go on guessing after the block
            failure(remoteAddress);
            return Optional.empty();
        }
        Optional<User> found = lookup(user);
        String stored = found.map(User::passwordHash).orElse(null);
        String key = user + "\0" + mac(password == null ? "" : password);
        if (stored != null && cached(key, stored)) return found;
        hashVerifications.incrementAndGet();
        boolean ok = Passwords.verify(password, stored != null ? stored : Dummy.HASH) && stored != null;
        if (ok) {
            remember(key, stored);
            return found;
        }
        failure(remoteAddress);
        return Optional.empty();
    }

    /**
     * Counts a failed authentication that did not go through {@link #login} (e.g. a wrong SCRAM proof) and
     * holds the caller back as {@link #login} would.
     */
    public void failure(String remoteAddress) {
        sleeper.sleep(throttle.failure(remoteAddress));
    }

    /** True while the address is blocked after repeated failures: greet it with BYE. */
    public boolean blocked(String remoteAddress) {
        return throttle.blocked(remoteAddress);
    }

    /** Failed attempts of the address inside the throttle window. */
    public int recentFailures(String remoteAddress) {
        return throttle.failures(remoteAddress);
    }

    /** How many Argon2 verifications ran (cache misses); for tests and metrics. */
    long hashVerifications() {
        return hashVerifications.get();
    }

    private Optional<User> lookup(String user) {
        try {
            return user == null ? Optional.empty() : store.user(user);
        } catch (StoreException e) {
            log.warn("user lookup failed: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private boolean cached(String key, String storedHash) {
        CacheEntry e = cache.get(key);
        if (e == null) return false;
        if (e.expiresAt - nanoTime.getAsLong() <= 0 || !e.storedHash.equals(storedHash)) {
            cache.remove(key, e);
            return false;
        }
        return true;
    }

    private void remember(String key, String storedHash) {
        long now = nanoTime.getAsLong();
        if (cache.size() >= CACHE_MAX) {
            cache.values().removeIf(e -> e.expiresAt - now <= 0);
            if (cache.size() >= CACHE_MAX) cache.clear();
        }
        cache.put(key, new CacheEntry(storedHash, now + CACHE_TTL.toNanos()));
    }

    private String mac(String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
