package satchel.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.config.OAuth;

/**
 * Checks JWT access tokens of the configured issuer (RFC 7628 leaves the token format to the issuer; JWTs
 * per RFC 9068 are what identity providers hand out): signature RS256 or ES256 with a key of the JWK Set file,
 * {@code iss}, {@code aud} when configured, {@code exp} required, {@code exp}/{@code nbf} with
 * {@value #CLOCK_SKEW_SECONDS}s of clock skew. The JWK Set file is read again when its modification time
 * changes, so a key rotation needs no restart. Thread-safe.
 */
public final class BearerTokens {
    static final int CLOCK_SKEW_SECONDS = 60;
    private static final Logger log = LoggerFactory.getLogger(BearerTokens.class);

    private record Loaded(FileTime modified, DefaultJWTProcessor<SecurityContext> processor) {}

    private final OAuth config;
    private volatile Loaded loaded;

    private BearerTokens(OAuth config, Loaded loaded) {
        this.config = config;
        this.loaded = loaded;
    }

    /** Reads the JWK Set now, so a bad file stops the server at start rather than at the first login. */
    public static BearerTokens load(OAuth config) throws IOException {
        if (!config.configured()) throw new IllegalArgumentException("auth.oauth.issuer and jwks-file must be set");
        return new BearerTokens(config, read(config));
    }

    public OAuth config() {
        return config;
    }

    /**
     * The user the token was issued for (the configured claim, else {@code email}, else {@code sub}), or empty
     * when the token is not valid here.
     */
    public Optional<String> user(String token) {
        try {
            JWTClaimsSet claims = current().processor.process(token, null);
            String claim = config.usernameClaim();
            String user = claim != null ? claims.getStringClaim(claim)
                    : Optional.ofNullable(claims.getStringClaim("email")).orElse(claims.getSubject());
            return Optional.ofNullable(user).filter(u -> !u.isEmpty());
        } catch (java.text.ParseException | com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException e) {
            log.debug("bearer token refused: {}", e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            log.warn("cannot read {}: {}", config.jwksFile(), e.getMessage());
            return Optional.empty();
        }
    }

    private Loaded current() throws IOException {
        Loaded l = loaded;
        if (!Files.getLastModifiedTime(config.jwksFile()).equals(l.modified)) {
            synchronized (this) {
                l = read(config);
                loaded = l;
                log.info("reloaded {}", config.jwksFile());
            }
        }
        return l;
    }

    private static Loaded read(OAuth config) throws IOException {
        FileTime modified = Files.getLastModifiedTime(config.jwksFile());
        JWKSet keys;
        try {
            keys = JWKSet.parse(Files.readString(config.jwksFile()));
        } catch (java.text.ParseException e) {
            throw new IOException(config.jwksFile() + ": not a JWK Set: " + e.getMessage(), e);
        }
        var processor = new DefaultJWTProcessor<SecurityContext>();
        // RFC 9068 §2.1 types access tokens "at+jwt"; many issuers still say "JWT" or nothing.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                new ImmutableJWKSet<>(keys)));
        var verifier = new DefaultJWTClaimsVerifier<SecurityContext>(
                config.audience() == null ? null : Set.of(config.audience()),
                new JWTClaimsSet.Builder().issuer(config.issuer()).build(), Set.of("exp"), null);
        verifier.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(verifier);
        return new Loaded(modified, processor);
    }
}
