package satchel.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static satchel.ext.SaslTest.b64;
import static satchel.ext.SaslTest.unb64;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.embedded.Satchel;
import satchel.auth.TestIssuer;

/**
 * OAUTHBEARER (RFC 7628) and XOAUTH2 over IMAP against a server that trusts a local test issuer: SASL-IR and
 * the continuation form, the error JSON challenge of §3.2.2 answered with 0x01 and then NO, user mismatch and
 * unknown users. Runs on loopback, where plaintext mechanisms are allowed.
 */
class OAuthTest {
    @TempDir static Path dir;
    static Satchel server;
    static TestIssuer issuer;

    /** The issuer's settings by their configuration-file keys, as a deployment writes them. */
    @BeforeAll static void start() throws Exception {
        issuer = new TestIssuer(dir);
        var oauth = issuer.config();
        server = Satchel.builder().imap(0).user("alice@example.com", "secret")
                .config("auth.oauth.issuer", oauth.issuer())
                .config("auth.oauth.jwks-file", oauth.jwksFile().toString())
                .config("auth.oauth.audience", oauth.audience())
                .config("auth.oauth.scope", oauth.scope())
                .start();
    }

    @AfterAll static void stop() {
        server.close();
    }

    static String oauthbearer(String user, String token) {
        String gs2 = user == null ? "n,," : "n,a=" + user + ",";
        return b64(gs2 + "\u0001host=localhost\u0001port=143\u0001auth=Bearer " + token + "\u0001\u0001");
    }

    static String xoauth2(String user, String token) {
        return b64("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001");
    }

    @Test void advertisedWhenAnIssuerIsConfigured() throws Exception {
        try (var c = connect()) {
            assertThat(c.command("a1", "CAPABILITY").getFirst()).contains(" AUTH=OAUTHBEARER AUTH=XOAUTH2");
        }
    }

    @Test void oauthbearerWithInitialResponse() throws Exception {
        try (var c = connect()) {
            List<String> r = c.command("a1", "AUTHENTICATE OAUTHBEARER " + oauthbearer("alice@example.com",
                    issuer.token("alice@example.com")));
            assertThat(r).hasSize(1);
            assertThat(r.getLast()).startsWith("a1 OK [CAPABILITY ");
            assertThat(c.command("a2", "SELECT INBOX").getLast()).startsWith("a2 OK");
        }
    }

    @Test void oauthbearerWithoutAuthzidUsesTheTokensUser() throws Exception {
        try (var c = connect()) {
            c.send("a1 AUTHENTICATE OAUTHBEARER");
            assertThat(c.readLine()).isEqualTo("+ ");
            c.send(oauthbearer(null, issuer.token("alice@example.com")));
            assertThat(c.until("a1 ").getLast()).startsWith("a1 OK");
        }
    }

    @Test void refusedTokenGetsTheErrorJsonThenNo() throws Exception {
        try (var c = connect()) {
            String expired = issuer.token("alice@example.com",
                    b -> b.expirationTime(new java.util.Date(System.currentTimeMillis() - 600_000)));
            c.send("a1 AUTHENTICATE OAUTHBEARER " + oauthbearer("alice@example.com", expired));
            String challenge = c.readLine();
            assertThat(challenge).startsWith("+ ");
            assertThat(unb64(challenge.substring(2))).isEqualTo("{\"status\":\"invalid_token\",\"scope\":\"mail\","
                    + "\"openid-configuration\":\"https://issuer.test/.well-known/openid-configuration\"}");
            c.send("AQ==");
            assertThat(c.readLine()).startsWith("a1 NO [AUTHENTICATIONFAILED]");
        }
    }

    @Test void tokenOfAnotherUserIsRefused() throws Exception {
        server.addUser("bob@example.com", "secret");
        try (var c = connect()) {
            c.send("a1 AUTHENTICATE OAUTHBEARER " + oauthbearer("bob@example.com", issuer.token("alice@example.com")));
            assertThat(c.readLine()).startsWith("+ ");
            c.send("AQ==");
            assertThat(c.readLine()).startsWith("a1 NO [AUTHENTICATIONFAILED]");
        }
    }

    @Test void validTokenOfUnknownUserIsRefused() throws Exception {
        try (var c = connect()) {
            c.send("a1 AUTHENTICATE XOAUTH2 " + xoauth2("nobody@example.com", issuer.token("nobody@example.com")));
            String challenge = c.readLine();
            assertThat(unb64(challenge.substring(2))).isEqualTo("{\"status\":\"401\",\"schemes\":\"Bearer\",\"scope\":\"mail\"}");
            c.send("");
            assertThat(c.readLine()).startsWith("a1 NO [AUTHENTICATIONFAILED]");
        }
    }

    @Test void xoauth2WithInitialResponse() throws Exception {
        try (var c = connect()) {
            List<String> r = c.command("a1", "AUTHENTICATE XOAUTH2 " + xoauth2("alice@example.com",
                    issuer.token("alice@example.com")));
            assertThat(r.getLast()).startsWith("a1 OK");
        }
    }

    @Test void malformedMessageIsBad() throws Exception {
        try (var c = connect()) {
            assertThat(c.command("a1", "AUTHENTICATE OAUTHBEARER " + b64("p=tls-unique,,\u0001auth=Bearer x\u0001\u0001"))
                    .getLast()).startsWith("a1 BAD");
            assertThat(c.command("a2", "AUTHENTICATE XOAUTH2 " + b64("auth=Bearer x\u0001\u0001")).getLast())
                    .startsWith("a2 BAD");
        }
    }

    private static TestClient connect() throws Exception {
        var c = TestClient.connect(server.host(), server.imapPort());
        assertThat(c.readLine()).startsWith("* OK");
        return c;
    }
}
