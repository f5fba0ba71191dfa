package satchel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The auth.oauth.* keys: read, resolved against the file's directory, issuer and keys set together. */
class OAuthConfigTest {
    private static final Path BASE = Path.of("conf");

    private static ServerConfig parse(String... lines) throws ConfigException {
        return ConfigFile.parse("satchel.conf", List.of(lines), ServerConfig.defaults(Path.of("data")), BASE);
    }

    @Test void offByDefault() throws Exception {
        assertThat(parse().oauth().configured()).isFalse();
    }

    @Test void allKeysAreRead() throws Exception {
        OAuth o = parse("auth.oauth.issuer = https://id.example/", "auth.oauth.jwks-file = keys.json",
                "auth.oauth.audience = imap", "auth.oauth.username-claim = preferred_username",
                "auth.oauth.scope = mail").oauth();
        assertThat(o).isEqualTo(new OAuth("https://id.example/", BASE.resolve("keys.json"), "imap",
                "preferred_username", "mail"));
        assertThat(o.configured()).isTrue();
    }

    @Test void issuerWithoutKeysIsRejectedWithItsLine() {
        assertThatThrownBy(() -> parse("# c", "auth.oauth.issuer = https://id.example/"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("satchel.conf:2: auth.oauth.issuer needs auth.oauth.jwks-file too");
        assertThatThrownBy(() -> parse("auth.oauth.jwks-file = k.json")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.oauth.jwks-file needs auth.oauth.issuer too");
    }
}
