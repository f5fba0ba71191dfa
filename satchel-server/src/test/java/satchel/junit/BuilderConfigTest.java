package satchel.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import satchel.Await;
import satchel.TestClient;
import satchel.embedded.Satchel;

/**
 * The public builder's settings by configuration-file key ({@code config(key, value)}), the handle's metrics port
 * and connection count, and the extension passing settings through: what the project's own tests configure.
 */
class BuilderConfigTest {
    @Test void aSettingTakesEffect() throws Exception {
        try (Satchel s = Satchel.builder().imap(0).user("alice", "pw").config("limits.append-bytes", "1K").start();
             TestClient c = TestClient.connect(s.host(), s.imapPort())) {
            assertThat(c.greeting()).startsWith("* OK");
            c.command("LOGIN alice pw");
            assertThat(c.command("CAPABILITY").getFirst()).contains(" APPENDLIMIT=1024");
            assertThat(c.last("APPEND INBOX {1025}")).startsWith("a3 NO [TOOBIG]");
            assertThat(s.inbox("alice").messages()).isEmpty();
        }
    }

    @Test void aSettingWinsOverTheDefaults() throws Exception {
        // timeouts.login (60 s by default): a connection that does not log in is ended with BYE (RFC 3501 §5.4).
        try (Satchel s = Satchel.builder().imap(0).config("timeouts.login", "1s").start();
             TestClient c = TestClient.connect(s.host(), s.imapPort())) {
            assertThat(c.greeting()).startsWith("* OK");
            assertThat(c.line()).startsWith("* BYE");
            assertThat(c.readLine()).isNull();
        }
    }

    @Test void theLastValueOfAKeyCounts() throws Exception {
        try (Satchel s = Satchel.builder().imap(0).user("alice", "pw")
                .config("limits.max-connections-per-user", "5").config("limits.max-connections-per-user", "1").start();
             TestClient first = TestClient.connect(s.host(), s.imapPort());
             TestClient second = TestClient.connect(s.host(), s.imapPort())) {
            first.greeting();
            second.greeting();
            assertThat(first.last("LOGIN alice pw")).startsWith("a1 OK");
            assertThat(second.last("LOGIN alice pw")).startsWith("a1 NO [LIMIT]");
        }
    }

    @Test void keysTheBuilderDecidesAreRefusedNamingTheWay() {
        var b = Satchel.builder();
        assertThatThrownBy(() -> b.config("imap", "0.0.0.0:143")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("imap(port)");
        assertThatThrownBy(() -> b.config("data-dir", "/var/mail")).hasMessageContaining("dataDirectory(path)");
        assertThatThrownBy(() -> b.config("store", "postgresql")).hasMessageContaining("inMemory()");
        assertThatThrownBy(() -> b.config("store.url", "x")).hasMessageContaining("inMemory()");
        assertThatThrownBy(() -> b.config("tls.certificate", "c.pem")).hasMessageContaining("sslContext()");
        assertThatThrownBy(() -> b.config("logging.level", "debug")).hasMessageContaining("SLF4J");
        assertThatThrownBy(() -> b.config("lmtp", "127.0.0.1:24")).hasMessageContaining("smtp(port)");
        assertThatThrownBy(() -> SatchelExtension.perClass().config("imaps", "0.0.0.0:993"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imaps(port)");
    }

    @Test void unknownKeysAndBadValuesFailTheStartWithTheFilesMessage() {
        assertThatThrownBy(() -> Satchel.builder().imap(0).config("limits.max-conections", "3").start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key \"limits.max-conections\"")
                .hasMessageContaining("did you mean \"limits.max-connections\"");
        assertThatThrownBy(() -> Satchel.builder().imap(0).config("timeouts.idle", "soon").start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeouts.idle").hasMessageContaining("expected a duration");
        assertThatThrownBy(() -> Satchel.builder().imap(0).config("auth.oauth.issuer", "https://i.test/").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs auth.oauth.jwks-file");
        assertThatThrownBy(() -> Satchel.builder().imap(0).config("quota.messages", "1\nimap = 0.0.0.0:143").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
    }

    @Test void metricsAreOffUnlessSetAndThenServeHealth() throws Exception {
        try (Satchel off = Satchel.builder().imap(0).start()) {
            assertThat(off.metricsPort()).isEqualTo(-1);
        }
        try (Satchel on = Satchel.builder().imap(0).config("metrics", "127.0.0.1:0").start()) {
            assertThat(on.metricsPort()).isPositive();
            var health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + on.metricsPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    @Test void connectionsCountsOpenSessions() throws Exception {
        try (Satchel s = Satchel.builder().imap(0).start()) {
            assertThat(s.connections()).isZero();
            try (TestClient c = TestClient.connect(s.host(), s.imapPort())) {
                c.greeting();
                assertThat(s.connections()).isEqualTo(1);
                c.command("LOGOUT");
            }
            Await.until(Duration.ofSeconds(10), () -> s.connections() == 0);
        }
    }

    @Test void aDataDirectoryHoldsTheStoreAcrossStarts(@TempDir Path dir) throws Exception {
        try (Satchel s = Satchel.builder().dataDirectory(dir).imap(0).user("alice", "pw").start()) {
            s.deliver("alice", "Subject: kept\r\n\r\nbody\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        assertThat(Files.exists(dir.resolve("satchel.db"))).isTrue();
        try (Satchel s = Satchel.builder().dataDirectory(dir).imap(0).start()) {
            assertThat(s.inbox("alice").messages()).singleElement()
                    .satisfies(m -> assertThat(m.subject()).isEqualTo("kept"));
        }
    }

    /** The extension hands its settings to the builder. */
    @Nested class ThroughTheExtension {
        @RegisterExtension final SatchelExtension mail = SatchelExtension.perMethod().user("alice", "pw")
                .config("limits.append-bytes", "2K");

        @Test void theServerHasTheSetting(Satchel satchel) throws Exception {
            try (TestClient c = TestClient.connect(satchel.host(), satchel.imapPort())) {
                c.greeting();
                assertThat(c.last("LOGIN alice pw")).contains("APPENDLIMIT=2048");
            }
        }
    }
}
