package satchel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secret kept in the data directory. */
class AuthSecretTest {
    @TempDir Path dir;

    @Test void theSecretIsCreatedOnceOwnerOnlyAndThenKept() throws Exception {
        AuthSecret first = AuthSecret.load(dir.resolve("data"));
        Path file = dir.resolve("data").resolve(AuthSecret.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.size(file)).isEqualTo(32);
        assertThat(AuthSecret.load(dir.resolve("data")).hmac("p", "x")).isEqualTo(first.hmac("p", "x"));
        assertThat(first.hmac("p", "x")).isNotEqualTo(first.hmac("q", "x"));
        assertThat(AuthSecret.load(dir.resolve("elsewhere")).hmac("p", "x")).isNotEqualTo(first.hmac("p", "x"));
        try (var files = Files.list(dir.resolve("data"))) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }

    @Test void aDamagedSecretStopsStartUpWithTheReason() throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve(AuthSecret.FILE), new byte[5]);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuthSecret.load(dir))
                .hasMessageContaining("should hold 32 bytes but holds 5");
    }
}
