package satchel.config;

import java.nio.file.Path;

/**
 * The issuer whose JWT access tokens OAUTHBEARER (RFC 7628) and XOAUTH2 accept. {@code jwksFile} holds its public
 * keys (a JWK Set, as the issuer publishes at its {@code jwks_uri}); {@code audience} and {@code scope} may be null
 * (no audience check; no scope in the error answer); {@code usernameClaim} null means {@code email}, else
 * {@code sub}.
 */
public record OAuth(String issuer, Path jwksFile, String audience, String usernameClaim, String scope) {
    static final OAuth NONE = new OAuth(null, null, null, null, null);

    /** Complete enough to use: issuer and keys are both set. */
    public boolean configured() {
        return issuer != null && jwksFile != null;
    }

    OAuth withIssuer(String v) { return new OAuth(v, jwksFile, audience, usernameClaim, scope); }

    OAuth withJwksFile(Path v) { return new OAuth(issuer, v, audience, usernameClaim, scope); }

    OAuth withAudience(String v) { return new OAuth(issuer, jwksFile, v, usernameClaim, scope); }

    OAuth withUsernameClaim(String v) { return new OAuth(issuer, jwksFile, audience, v, scope); }

    OAuth withScope(String v) { return new OAuth(issuer, jwksFile, audience, usernameClaim, v); }
}
