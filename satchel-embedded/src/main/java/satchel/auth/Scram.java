package satchel.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SCRAM-SHA-256 (RFC 5802, RFC 7677), server side: deriving the stored keys kept in {@code User.scram} and
 * running one exchange with {@link #server}. The stored form is RFC 5803 style, as PostgreSQL writes it:
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} (base64).
 *
 * <p>Passwords and user names go through SASLprep (RFC 4013) as query strings, as RFC 5802 §2.2 and §5.1 say:
 * non-ASCII spaces become spaces, soft hyphens and the like vanish, NFKC, and control, private-use and
 * mismatched bidirectional characters are refused. A password SASLprep refuses gets no SCRAM keys (LOGIN still
 * works), since no conforming client could prove it. SCRAM-SHA-256-PLUS binds to the connection with tls-exporter (RFC 9266) on TLS 1.3.
 */
public final class Scram {
    public static final String MECHANISM = "SCRAM-SHA-256";
    /** With tls-exporter channel binding (RFC 5802 §6, RFC 9266), on TLS 1.3 connections only. */
    public static final String MECHANISM_PLUS = "SCRAM-SHA-256-PLUS";
    public static final int ITERATIONS = 4096;
    static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final com.ongres.stringprep.Profile SASLPREP = new com.ongres.saslprep.SASLprep();

    private Scram() {}

    /** The verifier for one password: what the server needs, never enough to log in elsewhere. */
    public record Keys(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
        public String encode() {
            var b64 = Base64.getEncoder();
            return MECHANISM + "$" + iterations + ":" + b64.encodeToString(salt) + "$"
                    + b64.encodeToString(storedKey) + ":" + b64.encodeToString(serverKey);
        }

        /** Empty for null or malformed text. */
        public static Optional<Keys> parse(String text) {
            if (text == null) return Optional.empty();
            String[] parts = text.split("[$:]", -1);
            if (parts.length != 5 || !parts[0].equals(MECHANISM) || !parts[1].matches("\\d{1,7}")) {
                return Optional.empty();
            }
            try {
                var b64 = Base64.getDecoder();
                int iterations = Integer.parseInt(parts[1]);
                byte[] stored = b64.decode(parts[3]);
                byte[] server = b64.decode(parts[4]);
                if (iterations < 1 || stored.length != 32 || server.length != 32) return Optional.empty();
                return Optional.of(new Keys(iterations, b64.decode(parts[2]), stored, server));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /** A failed exchange; {@link #error} is the RFC 5802 server-error value (e.g. "invalid-proof"). */
    public static final class Failure extends Exception {
        private final String error;

        public Failure(String error) {
            super("SCRAM: " + error);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }

    /** Stored keys for a new password with a fresh random salt, encoded for the {@code User.scram} column. */
    public static String storedKeys(String password) {
        if (prepare(password).isEmpty()) return null;
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return derive(password, salt, ITERATIONS).encode();
    }

    /** RFC 5802 §3: SaltedPassword = Hi(password, salt, i); StoredKey = H(ClientKey); ServerKey. */
    public static Keys derive(String password, byte[] salt, int iterations) {
        String prepared = prepare(password).orElseThrow(() -> new IllegalArgumentException("SASLprep refuses the password"));
        byte[] salted = hi(prepared.getBytes(StandardCharsets.UTF_8), salt, iterations);
        byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        return new Keys(iterations, salt.clone(), sha256(clientKey), serverKey);
    }

    /** RFC 4013 as a query string (unassigned code points allowed); empty when a prohibited character is in it. */
    static Optional<String> prepare(String s) {
        try {
            return Optional.of(SASLPREP.prepareQuery(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * A new exchange; {@code lookup} gives a user's keys (empty for unknown users or users without SCRAM keys),
     * {@code secret} derives the salts shown for those.
     */
    public static ScramServer server(Function<String, Optional<Keys>> lookup, AuthSecret secret) {
        return new ScramServer(lookup, name -> secret.hmac("scram-salt", name), Scram::randomNonce);
    }

    static String randomNonce() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** RFC 5802 §2.2 Hi(): PBKDF2 with HMAC-SHA-256 and one block of output. */
    static byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) result[j] ^= u[j];
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
