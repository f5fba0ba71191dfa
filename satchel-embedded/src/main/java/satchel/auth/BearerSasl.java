package satchel.auth;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import satchel.config.OAuth;

/**
 * The client messages of the two bearer-token mechanisms. OAUTHBEARER (RFC 7628 §3.1):
 * {@code gs2-header kvsep *(key "=" value kvsep) kvsep}, e.g. {@code n,a=user@example.com,^Aauth=Bearer T^A^A}.
 * XOAUTH2 (Google's): {@code user=U^Aauth=Bearer T^A^A}. And the JSON each sends back on failure.
 */
public final class BearerSasl {
    public static final String OAUTHBEARER = "OAUTHBEARER";
    public static final String XOAUTH2 = "XOAUTH2";
    private static final char KVSEP = '\u0001';

    private BearerSasl() {}

    /** What the client sent: {@code user} may be null (OAUTHBEARER's authzid is optional). */
    public record Request(String user, String token) {}

    /** An OAUTHBEARER initial client response, or empty when malformed. */
    public static Optional<Request> oauthbearer(byte[] message) {
        String s = new String(message, StandardCharsets.UTF_8);
        int comma = s.indexOf(',');
        if (comma < 0) return Optional.empty();
        // §3.1: channel binding is not defined for this mechanism, so "p=" is an error; "n" and "y" are fine.
        String flag = s.substring(0, comma);
        if (!flag.equals("n") && !flag.equals("y")) return Optional.empty();
        int end = s.indexOf(',', comma + 1);
        if (end < 0) return Optional.empty();
        String authzid = s.substring(comma + 1, end);
        if (!authzid.isEmpty() && !authzid.startsWith("a=")) return Optional.empty();
        String user = authzid.isEmpty() ? null : authzid.substring(2).replace("=2C", ",").replace("=3D", "=");
        if (end + 1 >= s.length() || s.charAt(end + 1) != KVSEP) return Optional.empty();
        return token(s.substring(end + 2)).map(t -> new Request(user, t));
    }

    /** An XOAUTH2 initial client response, or empty when malformed or without {@code user=}. */
    public static Optional<Request> xoauth2(byte[] message) {
        String s = new String(message, StandardCharsets.UTF_8);
        String user = null;
        for (String pair : s.split(String.valueOf(KVSEP), -1)) {
            if (pair.startsWith("user=")) user = pair.substring(5);
        }
        if (user == null || user.isEmpty()) return Optional.empty();
        String u = user;
        return token(s).map(t -> new Request(u, t));
    }

    /** The {@code auth=Bearer <token>} pair of a kvsep-separated list ending in two kvseps. */
    private static Optional<String> token(String pairs) {
        if (!pairs.endsWith("" + KVSEP + KVSEP)) return Optional.empty();
        for (String pair : pairs.substring(0, pairs.length() - 2).split(String.valueOf(KVSEP), -1)) {
            // RFC 6750 §2.1: the scheme is case-insensitive, one space, then the token.
            if (pair.regionMatches(true, 0, "auth=Bearer ", 0, 12) && pair.length() > 12) {
                return Optional.of(pair.substring(12).strip());
            }
        }
        return Optional.empty();
    }

    /** RFC 7628 §3.2.2: the error sent as a challenge; the client answers it with a lone kvsep. */
    public static String oauthbearerError(OAuth config) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", "invalid_token");
        if (config.scope() != null) json.put("scope", config.scope());
        json.put("openid-configuration", config.issuer().replaceAll("/+$", "") + "/.well-known/openid-configuration");
        return JSONObjectUtils.toJSONString(json);
    }

    /** Google's XOAUTH2 error challenge; the client answers it with an empty response. */
    public static String xoauth2Error(OAuth config) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", "401");
        json.put("schemes", "Bearer");
        if (config.scope() != null) json.put("scope", config.scope());
        return JSONObjectUtils.toJSONString(json);
    }
}
