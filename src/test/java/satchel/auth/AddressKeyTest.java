package satchel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Throttle keys for remote addresses, and the secret kept in the data directory. */
class AddressKeyTest {
    @TempDir Path dir;

    @Test void ipv4IsItselfAndIpv6IsItsSlash64() {
        assertThat(AddressKey.of("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(AddressKey.of("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2::/64");
        assertThat(AddressKey.of("2001:0db8:0001:0002::")).isEqualTo("2001:db8:1:2::/64");
        assertThat(AddressKey.of("fe80::1%eth0")).isEqualTo("fe80:0:0:0::/64");
        assertThat(AddressKey.of("::1")).isEqualTo("0:0:0:0::/64");
        assertThat(AddressKey.of("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
    }

    @Test void anythingElseIsItsOwnKeyAndIsNeverLookedUp() {
        assertThat(AddressKey.of("stdio")).isEqualTo("stdio");
        assertThat(AddressKey.of("localhost")).isEqualTo("localhost");
        assertThat(AddressKey.parse("example.org")).isEmpty();
        assertThat(AddressKey.parse("")).isEmpty();
        assertThat(AddressKey.parse(null)).isEmpty();
    }

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
