package satchel.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;
import satchel.config.OAuth;

/** A local OAuth issuer for tests: an RSA key, its public JWK Set written to a file, and tokens it signs. */
public final class TestIssuer {
    public static final String ISSUER = "https://issuer.test/";
    public static final String AUDIENCE = "satchel-imap";
    private final RSAKey key;
    private final Path jwks;

    public TestIssuer(Path dir) throws Exception {
        key = newKey("k1");
        jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
    }

    static RSAKey newKey(String id) throws Exception {
        return new RSAKeyGenerator(2048).keyID(id).generate();
    }

    public OAuth config() {
        return new OAuth(ISSUER, jwks, AUDIENCE, null, "mail");
    }

    public Path jwksFile() {
        return jwks;
    }

    /** A valid token for {@code email}, one hour long, after {@code change} has had its say on the claims. */
    public String token(String email, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        return sign(key, email, change);
    }

    public String token(String email) throws Exception {
        return token(email, b -> b);
    }

    static String sign(RSAKey with, String email, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("id-" + email)
                .claim("email", email).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))));
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), change.apply(claims).build());
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }
}
