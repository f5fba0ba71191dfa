package satchel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.nimbusds.jose.jwk.JWKSet;
import satchel.config.OAuth;

/** JWT access-token checks behind OAUTHBEARER and XOAUTH2, against a local issuer. */
class BearerTokensTest {
    @TempDir Path dir;
    TestIssuer issuer;
    BearerTokens tokens;

    @BeforeEach void setUp() throws Exception {
        issuer = new TestIssuer(dir);
        tokens = BearerTokens.load(issuer.config());
    }

    @Test void goodTokenNamesItsUser() throws Exception {
        assertThat(tokens.user(issuer.token("alice@example.com"))).contains("alice@example.com");
    }

    @Test void expiredTokenBeyondTheSkewIsRefused() throws Exception {
        Instant past = Instant.now().minus(Duration.ofMinutes(10));
        assertThat(tokens.user(issuer.token("alice@example.com", b -> b.expirationTime(Date.from(past))))).isEmpty();
        Instant justNow = Instant.now().minusSeconds(5); // within the clock skew
        assertThat(tokens.user(issuer.token("alice@example.com", b -> b.expirationTime(Date.from(justNow)))))
                .contains("alice@example.com");
    }

    @Test void notYetValidTokenIsRefused() throws Exception {
        Instant later = Instant.now().plus(Duration.ofMinutes(10));
        assertThat(tokens.user(issuer.token("alice@example.com", b -> b.notBeforeTime(Date.from(later))))).isEmpty();
    }

    @Test void tokenWithoutExpiryIsRefused() throws Exception {
        assertThat(tokens.user(issuer.token("alice@example.com", b -> b.expirationTime(null)))).isEmpty();
    }

    @Test void wrongIssuerIsRefused() throws Exception {
        assertThat(tokens.user(issuer.token("alice@example.com", b -> b.issuer("https://evil.test/")))).isEmpty();
    }

    @Test void wrongAudienceIsRefused() throws Exception {
        assertThat(tokens.user(issuer.token("alice@example.com", b -> b.audience("other-app")))).isEmpty();
        OAuth anyAudience = new OAuth(TestIssuer.ISSUER, issuer.jwksFile(), null, null, null);
        assertThat(BearerTokens.load(anyAudience).user(issuer.token("alice@example.com", b -> b.audience("other-app"))))
                .contains("alice@example.com");
    }

    @Test void signatureByAnotherKeyIsRefused() throws Exception {
        // Same key id, different key: only the signature tells them apart.
        String forged = TestIssuer.sign(TestIssuer.newKey("k1"), "alice@example.com", b -> b);
        assertThat(tokens.user(forged)).isEmpty();
        String good = issuer.token("alice@example.com");
        String tampered = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(tokens.user(tampered)).isEmpty();
    }

    @Test void unsignedAndGarbageTokensAreRefused() throws Exception {
        var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(TestIssuer.ISSUER).audience(TestIssuer.AUDIENCE)
                .claim("email", "alice@example.com").expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
        assertThat(tokens.user(new com.nimbusds.jwt.PlainJWT(claims).serialize())).isEmpty();
        assertThat(tokens.user("not a token")).isEmpty();
    }

    @Test void usernameClaimFallsBackToSubjectOrIsConfigured() throws Exception {
        assertThat(tokens.user(issuer.token("alice@example.com", b -> b.claim("email", null)))).contains("id-alice@example.com");
        OAuth byName = new OAuth(TestIssuer.ISSUER, issuer.jwksFile(), TestIssuer.AUDIENCE, "preferred_username", null);
        assertThat(BearerTokens.load(byName).user(issuer.token("x", b -> b.claim("preferred_username", "bob"))))
                .contains("bob");
    }

    @Test void rotatedKeyFileIsReadAgain() throws Exception {
        var next = TestIssuer.newKey("k2");
        Files.writeString(issuer.jwksFile(), new JWKSet(next.toPublicJWK()).toString());
        Files.setLastModifiedTime(issuer.jwksFile(), FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(tokens.user(TestIssuer.sign(next, "alice@example.com", b -> b))).contains("alice@example.com");
        assertThat(tokens.user(issuer.token("alice@example.com"))).isEmpty();
    }
}
