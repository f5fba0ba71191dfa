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
import satchel.auth.Authenticator.Outcome;
import satchel.auth.BearerSasl;
import satchel.auth.Scram;
import satchel.auth.ScramServer;
import satchel.store.User;
import satchel.wire.ProtocolException;
import satchel.wire.Response;

/** RFC 3501 §6.2 (not authenticated): STARTTLS, AUTHENTICATE, LOGIN. */
final class LoginCommands {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("satchel.auth");

    /** Why an attempt failed: the credentials were wrong, or the gate refused it unchecked. */
    private enum Failure { WRONG }
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
        return switch (env.auth().login(user, password, addr)) {
            case Outcome.Granted<User>(User u) -> loggedIn(state, u, mechanism);
            case Outcome.Denied<User> _ -> failed(state, Failure.WRONG, user, mechanism);
            case Outcome.Unavailable<User> u -> refused(state, u.reason(), user, mechanism);
        };
    }

    /**
     * Wrong credentials, answered with AUTHENTICATIONFAILED. After {@code auth.max-failures-per-connection} failed
     * or refused attempts the connection ends with BYE, after the tagged answer.
     */
    private SessionState failed(NotAuthenticated state, Failure failure, String user, String mechanism) {
        String addr = env.conn().transport().remoteAddress();
        env.observer().loginFailed(mechanism);
        switch (failure) {
            case WRONG -> {
                log.info("auth failed user={} mech={} addr={}", printable(String.valueOf(user)), mechanism, addr);
                env.out().no("AUTHENTICATIONFAILED", "Authentication failed.");
            }
        }
        return afterFailure(state);
    }

    /** Refused without a verdict (blocked, or the store is down): UNAVAILABLE with the reason (RFC 5530 §3). */
    private SessionState refused(NotAuthenticated state, String reason, String user, String mechanism) {
        String addr = env.conn().transport().remoteAddress();
        env.observer().loginFailed(mechanism);
        log.info("auth refused user={} mech={} addr={} reason={}", printable(String.valueOf(user)), mechanism, addr,
                reason);
        env.out().no("UNAVAILABLE", reason);
        return afterFailure(state);
    }

    private SessionState afterFailure(NotAuthenticated state) {
        int failures = state.failedLogins() + 1;
        if (failures < env.auth().maxFailuresPerConnection()) return new NotAuthenticated(failures);
        env.out().then(() -> env.out().send(Response.untagged().atom("BYE").text("Too many failed logins")));
        return new SessionState.Logout();
    }

    /** Right credentials: the observer may still refuse (per-user connection limit), else Authenticated. */
    private SessionState loggedIn(NotAuthenticated state, User user, String mechanism) throws IOException {
        String addr = env.conn().transport().remoteAddress();
        if (!env.observer().admit(user.name())) {
            log.info("auth refused user={} mech={} addr={} reason=too-many-connections", user.name(), mechanism, addr);
            env.out().no("LIMIT", "Too many connections for this user, try again later");
            return state;
        }
        log.info("auth ok user={} mech={} addr={}", user.name(), mechanism, addr);
        env.conn().trace(env.observer().loggedIn(user.name(), mechanism));
        // RFC 3501 §6.2.3 allows the new capabilities in the tagged OK; clients then skip a round trip.
        Authenticated next = new Authenticated(Logins.context(env.store(), user));
        env.out().ok("CAPABILITY " + Capabilities.join(env.capabilities(next)), "Logged in");
        return next;
    }

    private SessionState authenticate(NotAuthenticated state, Authenticate cmd) throws IOException {
        String mech = cmd.mechanism().toUpperCase(Locale.ROOT);
        if (mech.equals(Scram.MECHANISM)) return scram(state, cmd.initialResponse().orElse(null), mech);
        if (mech.equals(Scram.MECHANISM_PLUS) && env.conn().transport().tlsExporter() != null) {
            return scram(state, cmd.initialResponse().orElse(null), mech);
        }
        if ((mech.equals(BearerSasl.OAUTHBEARER) || mech.equals(BearerSasl.XOAUTH2)) && env.auth().bearerTokens().isPresent()) {
            return bearer(state, mech, cmd.initialResponse().orElse(null));
        }
        if (!mech.equals("PLAIN")) {
            env.out().no("Unsupported authentication mechanism");
            return state;
        }
        if (!env.plaintextAllowed()) {
            env.out().no("PRIVACYREQUIRED", "Plaintext authentication is disallowed on non-TLS connections");
            return state;
        }
        byte[] decoded = saslStep(cmd.initialResponse().orElse(null), "");
        return decoded == null ? state : plain(state, decoded);
    }

    /**
     * OAUTHBEARER (RFC 7628) and XOAUTH2. A bearer token is as good as a password to whoever sees it, so the
     * plaintext rule applies. A refused token is answered with the mechanism's error JSON as a challenge
     * (RFC 7628 §3.2.2); whatever the client answers (a lone 0x01, or an empty line for XOAUTH2), it then gets NO.
     */
    private SessionState bearer(NotAuthenticated state, String mech, String initialResponse) throws IOException {
        if (!env.plaintextAllowed()) {
            env.out().no("PRIVACYREQUIRED", "Bearer tokens are not accepted on non-TLS connections");
            return state;
        }
        byte[] message = saslStep(initialResponse, "");
        if (message == null) return state;
        var request = mech.equals(BearerSasl.OAUTHBEARER) ? BearerSasl.oauthbearer(message) : BearerSasl.xoauth2(message);
        if (request.isEmpty()) {
            env.out().bad("Malformed " + mech + " response");
            return state;
        }
        String user = request.get().user();
        var tokens = env.auth().bearerTokens().orElseThrow();
        return switch (env.auth().bearer(user, request.get().token(), env.conn().transport().remoteAddress())) {
            case Outcome.Granted<User>(User u) -> loggedIn(state, u, mech);
            case Outcome.Unavailable<User> u -> refused(state, u.reason(), user, mech);
            case Outcome.Denied<User> _ -> {
                String error = mech.equals(BearerSasl.OAUTHBEARER) ? BearerSasl.oauthbearerError(tokens.config())
                        : BearerSasl.xoauth2Error(tokens.config());
                if (saslStep(null, base64(error)) == null) yield afterFailure(state); // cancelled with "*"
                yield failed(state, Failure.WRONG, user, mech);
            }
        };
    }

    /**
     * SCRAM-SHA-256 (RFC 5802, RFC 7677). The password never crosses the wire, so it is offered without TLS
     * too. The server-final message goes in a continuation and the client answers it with an empty line.
     */
    private SessionState scram(NotAuthenticated state, String initialResponse, String mech) throws IOException {
        // The exporter goes to plain SCRAM too: a client saying "y" while PLUS is offered is a downgrade.
        ScramServer server = env.auth().scram().channel(mech.equals(Scram.MECHANISM_PLUS),
                env.conn().transport().tlsExporter());
        String addr = env.conn().transport().remoteAddress();
        byte[] first = saslStep(initialResponse, "");
        if (first == null) return state;
        String serverFirst;
        try {
            serverFirst = server.clientFirst(new String(first, StandardCharsets.UTF_8));
        } catch (Scram.Failure e) { // malformed, no proof yet: nothing to count against a user
            return failed(state, Failure.WRONG, server.username(), mech);
        }
        byte[] fin = saslStep(null, base64(serverFirst));
        if (fin == null) return state;
        String clientFinal = new String(fin, StandardCharsets.UTF_8);
        return switch (env.auth().attempt(server.username(), addr, () -> proof(server, clientFinal))) {
            case Outcome.Granted<String>(String serverFinal) -> scramDone(state, server.username(), serverFinal, mech);
            case Outcome.Denied<String> _ -> failed(state, Failure.WRONG, server.username(), mech);
            case Outcome.Unavailable<String> u -> refused(state, u.reason(), server.username(), mech);
        };
    }

    /** The proof was right: send the server's signature, which the client answers with an empty line. */
    private SessionState scramDone(NotAuthenticated state, String name, String serverFinal, String mech) throws IOException {
        if (saslStep(null, base64(serverFinal)) == null) return state;
        Optional<User> user = lookup(name);
        if (user.isEmpty()) return failed(state, Failure.WRONG, name, mech); // deleted meanwhile
        return loggedIn(state, user.get(), mech);
    }

    private Optional<User> lookup(String name) {
        try {
            return env.store().user(satchel.auth.UserNames.normalize(name)); // as Authenticator looked it up
        } catch (satchel.store.StoreException e) {
            return Optional.empty();
        }
    }

    /** The server-final message when the client's proof is right. */
    private static Optional<String> proof(ScramServer server, String clientFinal) {
        try {
            return Optional.of(server.clientFinal(clientFinal));
        } catch (Scram.Failure e) {
            return Optional.empty();
        }
    }

    /**
     * One SASL round: the given initial response, or a continuation carrying {@code challenge} and the client's
     * line. Null when the exchange ended (cancelled or bad base64: already answered BAD).
     */
    private byte[] saslStep(String given, String challenge) throws IOException {
        String response = given;
        if (response == null) {
            env.out().send(Response.continuation().text(challenge));
            response = readSaslLine();
            if (response == null) throw new java.io.EOFException("connection closed during AUTHENTICATE");
        }
        // RFC 3501 §6.2.2: "*" cancels, and the server answers BAD.
        if (response.equals("*")) {
            env.out().bad("Authentication cancelled");
            return null;
        }
        try {
            return response.equals("=") || response.isEmpty() ? new byte[0] : Base64.getDecoder().decode(response);
        } catch (IllegalArgumentException e) {
            env.out().bad("Invalid base64 in SASL response");
            return null;
        }
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
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
            env.observer().loginFailed("PLAIN");
            env.out().no("AUTHORIZATIONFAILED", "Authorization as another user is not allowed");
            return afterFailure(state);
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
            // A line far over its budget (issue 10) leaves the stream out of step: end the session, as IDLE does.
            if (e.kind() == ProtocolException.Kind.FATAL) {
                env.conn().writer().send(Response.untagged().atom("BYE").text(e.getMessage()));
                throw new java.io.EOFException(e.getMessage());
            }
            return "*";
        }
    }
}
