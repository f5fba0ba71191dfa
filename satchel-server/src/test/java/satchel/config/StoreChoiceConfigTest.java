package satchel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code store = postgresql} and its {@code store.*} keys: typed, order-free, and never a password in the URL. */
class StoreChoiceConfigTest {
    private static final Path BASE = Path.of("/etc/satchel");

    private static ServerConfig parse(String... lines) throws ConfigException {
        return ConfigFile.parse("satchel.conf", List.of(lines), ServerConfig.defaults(Path.of("data")), BASE);
    }

    @Test void postgresqlSettingsComeTogetherInAnyOrder() throws Exception {
        ServerConfig c = parse("store.user = satchel", "store.password-file = db.secret",
                "store = postgresql", "store.url = postgresql://db.example.org:5432/mail");
        assertThat(c.store()).isEqualTo(new StoreChoice.Postgresql("postgresql://db.example.org:5432/mail", "satchel",
                BASE.resolve("db.secret")));
        assertThat(ConfigPrinter.lines(c)).contains("store = postgresql",
                "store.url = postgresql://db.example.org:5432/mail", "store.user = satchel");
    }

    @Test void theDefaultIsSqlite() throws Exception {
        assertThat(parse().store()).isEqualTo(new StoreChoice.Sqlite());
    }

    @Test void badPostgresqlSettingsAreRefusedWithTheirLine() {
        assertThatThrownBy(() -> parse("store = postgresql", "store.user = u")).isInstanceOf(ConfigException.class)
                .hasMessage("satchel.conf:1: store.url must be set for store = postgresql");
        assertThatThrownBy(() -> parse("store = postgresql", "store.user = u",
                "store.url = postgresql://u:secret@db/mail")).hasMessageContaining("must hold no user, password");
        assertThatThrownBy(() -> parse("store = postgresql", "store.user = u", "store.url = mysql://db/mail"))
                .hasMessageContaining("must be postgresql://HOST[:PORT]/DATABASE");
        assertThatThrownBy(() -> parse("store.url = postgresql://db/mail")).isInstanceOf(ConfigException.class)
                .hasMessage("satchel.conf:1: store.url needs store = postgresql");
    }
}
