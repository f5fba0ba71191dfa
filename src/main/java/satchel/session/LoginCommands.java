package satchel.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import satchel.protocol.Command.Authenticate;
import satchel.protocol.Command.Login;
import satchel.protocol.Command.NotAuthOnly;
import satchel.protocol.Command.StartTls;
import satchel.session.SessionState.Authenticated;
import satchel.session.SessionState.NotAuthenticated;
import satchel.store.User;
import satchel.wire.ProtocolException;
import satchel.wire.Response;

/** RFC 3501 §6.2 (not authenticated): STARTTLS, AUTHENTICATE, LOGIN. */
final class LoginCommands {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("satchel.auth");
    private final Env env;

    LoginCommands(Env env) {
        this.env = env;
    }

    SessionState run(NotAuthenticated state, NotAuthOnly cmd) throws IOException {
        return switch (cmd) {
            case StartTls _ -> startTls(state);
            case Login c -> login(state, c.user(), c.password(), "LOGIN");
            case Authenticate c -> authenticate(state, c);
        };
    }

    private SessionState startTls(NotAuthenticated state) {
        Transport t = env.conn().transport();
        if (t.secure()) env.out().bad("TLS is already active");
        else if (!t.tlsAvailable() || env.conn().compressed()) env.out().no("TLS is not available");
        else {
            env.out().ok("Begin TLS negotiation now.");
            env.out().then(env.conn()::startTls);
        }
        return state;
    }

    private SessionState login(NotAuthenticated state, String user, String password, String mechanism) throws IOException {
        if (!env.plaintextAllowed()) {
            env.out().no("PRIVACYREQUIRED", "Plaintext authentication is disallowed on non-TLS connections");
            return state;
        }
        String addr = env.conn().transport().remoteAddress();
        Optional<User> u = env.auth().login(user, password, addr);
        if (u.isEmpty()) {
            log.info("auth failed user={} mech={} addr={}", printable(user), mechanism, addr);
            env.out().no("AUTHENTICATIONFAILED", "Authentication failed.");
            return new NotAuthenticated(state.failedLogins() + 1);
        }
        log.info("auth ok user={} mech={} addr={}", u.get().name(), mechanism, addr);
        // RFC 3501 §6.2.3 allows the new capabilities in the tagged OK; clients then skip a round trip.
        env.out().ok("CAPABILITY " + Capabilities.join(Capabilities.AUTHENTICATED), "Logged in");
        return new Authenticated(Logins.context(env.store(), u.get()));
    }

    private SessionState authenticate(NotAuthenticated state, Authenticate cmd) throws IOException {
        String mech = cmd.mechanism().toUpperCase(Locale.ROOT);
        if (!mech.equals("PLAIN")) {
            env.out().no("Unsupported authentication mechanism");
            return state;
        }
        if (!env.plaintextAllowed()) {
            env.out().no("PRIVACYREQUIRED", "Plaintext authentication is disallowed on non-TLS connections");
            return state;
        }
        String response = cmd.initialResponse();
        if (response == null) {
            env.out().send(Response.continuation().text(""));
            response = readSaslLine();
            if (response == null) return new SessionState.Logout();
        }
        // RFC 3501 §6.2.2: "*" cancels, and the server answers BAD.
        if (response.equals("*")) {
            env.out().bad("Authentication cancelled");
            return state;
        }
        byte[] decoded;
        try {
            decoded = response.equals("=") ? new byte[0] : Base64.getDecoder().decode(response);
        } catch (IllegalArgumentException e) {
            env.out().bad("Invalid base64 in SASL response");
            return state;
        }
        return plain(state, decoded);
    }

    /** RFC 4616: [authzid] NUL authcid NUL passwd. Only authorizing as oneself is allowed. */
    private SessionState plain(NotAuthenticated state, byte[] message) throws IOException {
        String s = new String(message, StandardCharsets.UTF_8);
        int a = s.indexOf('\0');
        int b = a < 0 ? -1 : s.indexOf('\0', a + 1);
        if (a < 0 || b < 0) {
            env.out().bad("Malformed PLAIN response");
            return state;
        }
        String authz = s.substring(0, a), authc = s.substring(a + 1, b), pass = s.substring(b + 1);
        if (!authz.isEmpty() && !authz.equals(authc)) {
            env.out().no("AUTHORIZATIONFAILED", "Authorization as another user is not allowed");
            return new NotAuthenticated(state.failedLogins() + 1);
        }
        return login(state, authc, pass, "PLAIN");
    }

    /** User names come from the network: keep log lines single and short. */
    private static String printable(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) : s;
        return t.replaceAll("[\\p{Cntrl}\\s]", "?");
    }

    private String readSaslLine() throws IOException {
        try {
            return env.conn().reader().readLine();
        } catch (ProtocolException e) {
            return "*";
        }
    }
}
