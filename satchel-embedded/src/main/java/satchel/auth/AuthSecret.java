package satchel.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * A server's secret HMAC key, kept in {@code DATA/auth-secret} (32 random bytes, mode 0600, created on first
 * start). It makes the made-up SCRAM salts of unknown users stable across restarts, as real users' salts are,
 * so a salt that changes tells nobody that the user does not exist. Each use names its purpose, so one key
 * can serve several without the results being related. Thread-safe.
 */
public final class AuthSecret {
    static final String FILE = "auth-secret";
    private static final int BYTES = 32;

    private final byte[] key;

    private AuthSecret(byte[] key) {
        this.key = key;
    }

    /** The secret of the server with this data directory, created there the first time. */
    public static AuthSecret load(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) create(dataDir, file);
        byte[] key = Files.readAllBytes(file);
        if (key.length != BYTES) {
            throw new IOException(file + " should hold " + BYTES + " bytes but holds " + key.length
                    + "; remove it to make a new one (unknown users' SCRAM salts will change once)");
        }
        return new AuthSecret(key);
    }

    /** A key for this process only: for embedded servers and sessions that never see an unknown user. */
    public static AuthSecret random() {
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        return new AuthSecret(key);
    }

    /** HMAC-SHA-256 of {@code data} under this secret, for one {@code purpose}. */
    byte[] hmac(String purpose, String data) {
        return Scram.hmac(key, (purpose + "\0" + data).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a new key to a private temporary file, then links it into place: two servers starting at once on
     * one directory both end up reading the one that won, never a half-written file.
     */
    private static void create(Path dataDir, Path file) throws IOException {
        Files.createDirectories(dataDir);
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        Path tmp = Files.createTempFile(dataDir, FILE, ".tmp", ownerOnly(dataDir));
        try {
            Files.write(tmp, key);
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            link(tmp, file);
        } catch (FileAlreadyExistsException e) {
            // another process made it first: use theirs
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void link(Path tmp, Path file) throws IOException {
        try {
            Files.createLink(file, tmp);
        } catch (UnsupportedOperationException e) { // no hard links here: a move that never replaces will do
            Files.move(tmp, file);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!posix) return new FileAttribute<?>[0];
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }
}
