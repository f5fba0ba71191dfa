package satchel.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The embedded test server's password hash: {@code $satchel-test$salt$SHA-256(salt, password)} (base64 without
 * padding). A microsecond to compute with the JDK alone, where even Argon2id at its minimum cost needs
 * BouncyCastle, whose signed jars cost a cold JVM about 0.7 s of CPU to verify. Worthless against a stolen table,
 * so only {@link Credentials#embedded} accepts it: a configured server ({@link Credentials#PRODUCTION}) refuses
 * every login against such a hash, and no command or configuration key writes one. Thread-safe.
 */
public final class TestPasswords {
    static final String PREFIX = "$satchel-test$";
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPasswords() {}

    public static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return PREFIX + B64.encodeToString(salt) + "$" + B64.encodeToString(digest(salt, password));
    }

    /** True only when {@code stored} is a test hash. */
    static boolean isTestHash(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** True only when {@code stored} is a well-formed test hash of {@code password}; compared in constant time. */
    static boolean verify(String password, String stored) {
        if (password == null || !isTestHash(stored)) return false;
        String[] parts = stored.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 2) return false;
        try {
            byte[] salt = Base64.getDecoder().decode(parts[0]);
            byte[] expected = Base64.getDecoder().decode(parts[1]);
            return MessageDigest.isEqual(digest(salt, password), expected);
        } catch (IllegalArgumentException e) { // bad base64
            return false;
        }
    }

    private static byte[] digest(byte[] salt, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e); // every JDK has it
        }
    }
}
