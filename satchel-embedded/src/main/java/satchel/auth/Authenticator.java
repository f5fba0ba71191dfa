package satchel.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.config.AuthThrottle;
import satchel.net.AddressKey;
import satchel.store.MailStore;
import satchel.store.StoreException;
import satchel.store.User;

/**
 * The one gate every authentication passes, whatever the mechanism: {@link #attempt} asks the throttle
 * first and refuses a blocked user or address before anything is verified, then runs the mechanism's check,
 * then counts the result. A new mechanism gets the same protection by going through {@link #attempt}.
 * Thread-safe.
 *
 * <p>Password checks go through a short-lived cache of recent successful verifications (as Dovecot's auth
 * cache), which maps user + HMAC(per-process random key, password) to the stored hash that was verified, so no
 * password is kept and an entry stops matching as soon as the stored hash changes (also when another process,
 * such as {@code satchel user passwd}, changed it). Misses run the hash ({@link Credentials}: Argon2id) on the
 * {@link HashPool}, never on the serving threads. Unknown users are verified against a dummy hash so they take as
 * long as a wrong password.
 * Each failure is answered late (see {@link AuthThrottle}), on the caller's (virtual) thread, holding no pool
 * thread and no lane.
 */
public final class Authenticator {
    /** Blocks the calling thread; tests pass a recorder. */
    interface Sleeper {
        void sleep(Duration d);
    }

    /** What an attempt came to. */
    public sealed interface Outcome<T> {
        /** The check passed; {@code value} is what it produced (the user, the SCRAM server-final message). */
        record Granted<T>(T value) implements Outcome<T> {}

        /** The check failed: counted and delayed. */
        record Denied<T>() implements Outcome<T> {}

        /**
         * Refused without a verdict, neither verified nor counted: the user or the address is blocked, or the store
         * could not be asked (a database outage must not count as a wrong password). {@code reason} is client-safe.
         */
        record Unavailable<T>(String reason) implements Outcome<T> {
            public Unavailable() {
                this("Too many failed logins, try again later");
            }
        }
    }

    /** A mechanism's verification of credentials already received: the result, or empty when they are wrong. */
    @FunctionalInterface
    public interface Check<T> {
        Optional<T> verify();
    }

    static final Duration CACHE_TTL = Duration.ofMinutes(5);
    private static final int CACHE_MAX = 10_000;
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final MailStore store;
    private final AuthThrottle policy;
    private final LoginThrottle throttle;
    private final AuthSecret secret;
    private final HashPool hashes;
    private final Credentials credentials;
    private final AddressLanes lanes = new AddressLanes();
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, CacheEntry> cache = new ConcurrentHashMap<>();
    /** Password checks running now, by user, password MAC and stored hash ({@link #verifyOnce}). */
    private final Map<String, java.util.concurrent.CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong hashVerifications = new AtomicLong();
    private volatile BearerTokens bearerTokens;

    private record CacheEntry(String storedHash, long expiresAt) {}

    /** For sessions that never meet an unknown SCRAM user (stdio, tests): salts are per process. */
    public Authenticator(MailStore store) {
        this(store, AuthThrottle.defaults());
    }

    public Authenticator(MailStore store, AuthThrottle policy) {
        this(store, policy, AuthSecret.random(), HashPool.SHARED, System::nanoTime, Authenticator::sleep);
    }

    /** The embedded test server's ({@code satchel.embedded}): see {@link Credentials#embedded}. */
    public Authenticator(MailStore store, AuthThrottle policy, Credentials credentials) {
        this(store, policy, AuthSecret.random(), HashPool.SHARED, System::nanoTime, Authenticator::sleep, credentials);
    }

    Authenticator(MailStore store, AuthThrottle policy, AuthSecret secret, HashPool hashes, LongSupplier nanoTime,
                  Sleeper sleeper) {
        this(store, policy, secret, hashes, nanoTime, sleeper, Credentials.PRODUCTION);
    }

    private Authenticator(MailStore store, AuthThrottle policy, AuthSecret secret, HashPool hashes,
                          LongSupplier nanoTime, Sleeper sleeper, Credentials credentials) {
        this.store = store;
        this.credentials = credentials;
        this.policy = policy;
        this.throttle = new LoginThrottle(policy, nanoTime);
        this.secret = secret;
        this.hashes = hashes;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        new SecureRandom().nextBytes(cacheKey);
    }

    /** The server's authenticator: the secret behind unknown users' SCRAM salts lives in {@code dataDir}. */
    public static Authenticator open(MailStore store, AuthThrottle policy, Path dataDir) throws IOException {
        return new Authenticator(store, policy, AuthSecret.load(dataDir), HashPool.SHARED, System::nanoTime,
                Authenticator::sleep);
    }

    /**
     * The gate. {@code user} is the authentication identity the client sent, {@code remoteAddress} where it
     * came from. Attempts of one address run {@link AddressLanes#WIDTH} at a time, trusted networks too (a
     * local user on trusted loopback must not be able to fill the hash queue), so the count is current when the
     * next one is judged; the failure delay is served after leaving the lane.
     */
    public <T> Outcome<T> attempt(String given, String remoteAddress, Check<T> check) {
        String user = UserNames.normalize(given); // one throttle count per user, however the name is spelled
        Supplier<Outcome<T>> judged = () -> {
            if (throttle.refused(user, remoteAddress)) return new Outcome.Unavailable<>();
            Optional<T> result;
            try {
                result = check.verify();
            } catch (StoreDown e) {
                return new Outcome.Unavailable<>(e.getMessage());
            }
            if (result.isPresent()) {
                throttle.success(user, remoteAddress);
                return new Outcome.Granted<>(result.get());
            }
            return new Outcome.Denied<>();
        };
        Outcome<T> outcome = lanes.run(AddressKey.of(remoteAddress), judged);
        if (outcome instanceof Outcome.Denied) sleeper.sleep(throttle.failure(user, remoteAddress));
        return outcome;
    }

    /** LOGIN and AUTHENTICATE PLAIN: the user when the password is right. */
    public Outcome<User> login(String user, String password, String remoteAddress) {
        String name = UserNames.normalize(user);
        return attempt(name, remoteAddress, () -> verify(name, password));
    }

    /** A SCRAM-SHA-256 exchange over the store's keys; its final step belongs in {@link #attempt}. */
    public ScramServer scram() {
        return Scram.server(name -> lookup(name).flatMap(credentials::scramKeys), secret);
    }

    /** Accept OAUTHBEARER / XOAUTH2 tokens checked by {@code tokens} (once, at start-up). */
    public Authenticator withBearerTokens(BearerTokens tokens) {
        this.bearerTokens = tokens;
        return this;
    }

    /** The bearer-token checker, when an issuer is configured. */
    public Optional<BearerTokens> bearerTokens() {
        return Optional.ofNullable(bearerTokens);
    }

    /**
     * OAUTHBEARER and XOAUTH2: the user when the token is valid, was issued for {@code user} (when the client
     * named one) and that user exists. Counted by the throttle under the name the client gave.
     */
    public Outcome<User> bearer(String user, String token, String remoteAddress) {
        BearerTokens tokens = bearerTokens;
        if (tokens == null) throw new IllegalStateException("no OAuth issuer configured");
        return attempt(user == null ? "" : user, remoteAddress, () -> tokens.user(token)
                .filter(owner -> user == null || UserNames.normalize(owner).equals(UserNames.normalize(user)))
                .flatMap(this::lookup));
    }

    /** True while the address as a whole is blocked after repeated failures: greet it with BYE. */
    public boolean blocked(String remoteAddress) {
        return throttle.addressBlocked(remoteAddress);
    }

    /** Failed attempts of the address as a whole inside the throttle window. */
    public int recentFailures(String remoteAddress) {
        return throttle.failures(remoteAddress);
    }

    /** Failed attempts after which a connection is closed. */
    public int maxFailuresPerConnection() {
        return policy.maxFailuresPerConnection();
    }

    /** How many Argon2 verifications ran (cache misses); for tests and metrics. */
    long hashVerifications() {
        return hashVerifications.get();
    }

    /** The store could not be asked; carries its client-safe message out of a {@link Check}. */
    private static final class StoreDown extends RuntimeException {
        StoreDown(StoreException e) {
            super(e.getMessage(), e, false, false);
        }
    }

    private Optional<User> verify(String user, String password) {
        Optional<User> found;
        try {
            found = user == null ? Optional.empty() : store.user(UserNames.normalize(user));
        } catch (StoreException e) {
            log.warn("user lookup failed: {}", e.getMessage());
            throw new StoreDown(e);
        }
        String stored = found.map(User::passwordHash).orElse(null);
        String key = user + "\0" + mac(password == null ? "" : password);
        if (stored != null && cached(key, stored)) return found;
        boolean ok = verifyOnce(key + "\0" + stored, () -> credentials.verify(password, stored)) && stored != null;
        if (!ok) return Optional.empty();
        remember(key, stored);
        return found;
    }

    /**
     * Runs {@code hash} unless the same check (user, password MAC and stored hash all equal) is running already, in
     * which case it waits for that one's verdict. When many clients of one account connect at once (a node
     * restart, a mail client opening several connections, a benchmark's 50 clients over 19 accounts) none is in
     * the cache yet and each ran its own Argon2: 50 hashes where 19 decide the same, measured as most of a
     * loaded machine's CPU for tens of seconds. The key includes the stored hash: a password change in between
     * is never answered with the old verdict.
     */
    private boolean verifyOnce(String key, java.util.concurrent.Callable<Boolean> hash) {
        java.util.concurrent.CompletableFuture<Boolean> mine = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Boolean> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                return verifyOnce(key, hash); // that check failed without a verdict (interrupted): ours decides
            }
        }
        try {
            hashVerifications.incrementAndGet();
            boolean ok = hashes.run(hash);
            mine.complete(ok);
            return ok;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private Optional<User> lookup(String user) {
        try {
            return user == null ? Optional.empty() : store.user(UserNames.normalize(user));
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
