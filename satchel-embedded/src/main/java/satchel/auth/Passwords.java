package satchel.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Password hashing with Argon2id ({@link Argon2id}: its memory off the Java heap) in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash} (base64 without padding). Parameters follow the OWASP
 * password storage cheat sheet (19 MiB, 2 passes, 1 lane). Verification compares in constant time and
 * returns false for anything malformed, so a corrupt row never throws into the login path. Thread-safe.
 */
public final class Passwords {
    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    // Bounds on parameters read from a stored hash: a tampered row must not make a login cost gigabytes.
    private static final int MAX_MEMORY_KIB = 1 << 20;
    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_PARALLELISM = 16;

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=(\\d{1,3})\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    /** The parsed fields of an Argon2id PHC string. */
    public record Phc(int version, int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash) {
        public String format() {
            return "$argon2id$v=" + version + "$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
                    + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
        }
    }

    public static String hash(String password) {
        return hash(password, MEMORY_KIB, ITERATIONS);
    }

    private static String hash(String password, int memoryKiB, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        var params = new Phc(Argon2id.VERSION, memoryKiB, iterations, PARALLELISM, salt,
                new byte[HASH_BYTES]);
        return new Phc(params.version(), memoryKiB, iterations, PARALLELISM, salt, derive(password, params)).format();
    }

    /** True only when {@code phc} is a well-formed Argon2id string and {@code password} matches it. */
    public static boolean verify(String password, String phc) {
        if (password == null) return false;
        Optional<Phc> parsed = parse(phc);
        if (parsed.isEmpty()) return false;
        byte[] actual = derive(password, parsed.get());
        return MessageDigest.isEqual(actual, parsed.get().hash());
    }

    /** Parses an Argon2id PHC string, empty when malformed or its parameters are out of bounds. */
    public static Optional<Phc> parse(String phc) {
        if (phc == null) return Optional.empty();
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) return Optional.empty();
        try {
            int version = Integer.parseInt(m.group(1));
            int memory = Integer.parseInt(m.group(2));
            int iterations = Integer.parseInt(m.group(3));
            int parallelism = Integer.parseInt(m.group(4));
            byte[] salt = Base64.getDecoder().decode(m.group(5));
            byte[] hash = Base64.getDecoder().decode(m.group(6));
            boolean ok = version == Argon2id.VERSION
                    && parallelism >= 1 && parallelism <= MAX_PARALLELISM
                    && memory >= 8 * parallelism && memory <= MAX_MEMORY_KIB
                    && iterations >= 1 && iterations <= MAX_ITERATIONS
                    && salt.length >= 8 && hash.length >= 16 && hash.length <= 128;
            return ok ? Optional.of(new Phc(version, memory, iterations, parallelism, salt, hash)) : Optional.empty();
        } catch (IllegalArgumentException e) { // bad base64
            return Optional.empty();
        }
    }

    private static byte[] derive(String password, Phc params) {
        byte[] out = new byte[params.hash().length];
        Argon2id.hash(password.getBytes(StandardCharsets.UTF_8), params.salt(), params.memoryKiB(),
                params.iterations(), params.parallelism(), out);
        return out;
    }
}
