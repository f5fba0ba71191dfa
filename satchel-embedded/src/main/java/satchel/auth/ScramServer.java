package satchel.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One SCRAM-SHA-256 exchange, server side (RFC 5802 §5): {@link #clientFirst} answers the server-first
 * message, {@link #clientFinal} checks the proof and answers the server-final message ("v=..."). Any
 * failure throws {@link Scram.Failure}; the exchange is then over. Unknown users (and users without SCRAM keys)
 * get a made-up salt from {@code fakeSalt}, stable per name like a real user's, and the iteration count new
 * users get, so the exchange looks the same and fails at the proof. Not thread-safe: one per AUTHENTICATE.
 */
public final class ScramServer {
    private enum Step { CLIENT_FIRST, CLIENT_FINAL, DONE }

    private final Function<String, Optional<Scram.Keys>> lookup;
    private final Function<String, byte[]> fakeSalt;
    private final Supplier<String> nonceSuffix;
    private Step step = Step.CLIENT_FIRST;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private String username;
    private Scram.Keys keys;
    private boolean knownUser;
    private boolean plus;
    private byte[] tlsExporter;

    ScramServer(Function<String, Optional<Scram.Keys>> lookup, Function<String, byte[]> fakeSalt,
                Supplier<String> nonceSuffix) {
        this.lookup = lookup;
        this.fakeSalt = fakeSalt;
        this.nonceSuffix = nonceSuffix;
    }

    /**
     * The channel this exchange runs on: {@code plus} when the client chose SCRAM-SHA-256-PLUS, {@code tlsExporter}
     * the connection's tls-exporter binding (RFC 9266), or null when there is none (no TLS 1.3) and PLUS is
     * therefore not advertised. Call before {@link #clientFirst}.
     */
    public ScramServer channel(boolean plusMechanism, byte[] exporter) {
        this.plus = plusMechanism;
        this.tlsExporter = exporter == null ? null : exporter.clone();
        return this;
    }

    /** The authentication identity sent by the client (valid after {@link #clientFirst}). */
    public String username() {
        return username;
    }

    /** Handles client-first-message ("n,,n=user,r=nonce") and returns server-first-message. */
    public String clientFirst(String message) throws Scram.Failure {
        expect(Step.CLIENT_FIRST);
        step = Step.DONE; // any failure below ends the exchange
        String[] parts = message.split(",", -1);
        if (parts.length < 4) throw new Scram.Failure("invalid-encoding");
        gs2Flag(parts[0]);
        String authzid = parts[1].isEmpty() ? null : attribute(parts[1], 'a');
        if (parts[2].startsWith("m=")) throw new Scram.Failure("extensions-not-supported");
        username = saslName(attribute(parts[2], 'n'));
        if (authzid != null && !saslName(authzid).equals(username)) throw new Scram.Failure("invalid-username-encoding");
        String clientNonce = attribute(parts[3], 'r');
        if (!printable(clientNonce)) throw new Scram.Failure("invalid-encoding");
        gs2Header = parts[0] + "," + parts[1] + ",";
        clientFirstBare = message.substring(gs2Header.length());
        Optional<Scram.Keys> found = lookup.apply(username);
        knownUser = found.isPresent();
        keys = found.orElseGet(() -> fakeKeys(username));
        nonce = clientNonce + nonceSuffix.get();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(keys.salt()) + ",i=" + keys.iterations();
        step = Step.CLIENT_FINAL;
        return serverFirst;
    }

    /** Handles client-final-message ("c=...,r=...,p=...") and returns server-final-message ("v=..."). */
    public String clientFinal(String message) throws Scram.Failure {
        expect(Step.CLIENT_FINAL);
        step = Step.DONE;
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) throw new Scram.Failure("invalid-encoding");
        String withoutProof = message.substring(0, proofAt);
        String[] parts = withoutProof.split(",", -1);
        if (parts.length < 2) throw new Scram.Failure("invalid-encoding");
        String binding = attribute(parts[0], 'c');
        // RFC 5802 §7: c= is base64 of the GS2 header followed by the channel binding data when "p=" was used.
        byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
        byte[] bound = header;
        if (gs2Header.startsWith("p=")) {
            bound = java.util.Arrays.copyOf(header, header.length + tlsExporter.length);
            System.arraycopy(tlsExporter, 0, bound, header.length, tlsExporter.length);
        }
        String expected = Base64.getEncoder().encodeToString(bound);
        if (!binding.equals(expected)) throw new Scram.Failure("channel-bindings-dont-match");
        if (!attribute(parts[1], 'r').equals(nonce)) throw new Scram.Failure("invalid-encoding");
        byte[] proof = decode(message.substring(proofAt + 3));
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] signature = Scram.hmac(keys.storedKey(), authMessage);
        if (proof.length != signature.length) throw new Scram.Failure("invalid-proof");
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) clientKey[i] = (byte) (proof[i] ^ signature[i]);
        boolean ok = Scram.constantTimeEquals(Scram.sha256(clientKey), keys.storedKey());
        if (!ok || !knownUser) throw new Scram.Failure("invalid-proof");
        return "v=" + Base64.getEncoder().encodeToString(Scram.hmac(keys.serverKey(), authMessage));
    }

    /**
     * RFC 5802 §6: "p=" binds the channel (only tls-exporter, only with PLUS and a TLS 1.3 connection); "y" says
     * the client could bind but believes the server cannot, which is a downgrade when PLUS is offered here;
     * "n" says the client cannot, which PLUS does not allow.
     */
    private void gs2Flag(String flag) throws Scram.Failure {
        if (flag.startsWith("p=")) {
            if (!plus) throw new Scram.Failure("invalid-encoding"); // binding under the non-PLUS name
            if (!flag.equals("p=tls-exporter")) throw new Scram.Failure("unsupported-channel-binding-type");
            if (tlsExporter == null) throw new Scram.Failure("channel-binding-not-supported");
        } else if (flag.equals("y")) {
            if (tlsExporter != null) throw new Scram.Failure("server-does-support-channel-binding");
            if (plus) throw new Scram.Failure("invalid-encoding");
        } else if (flag.equals("n")) {
            if (plus) throw new Scram.Failure("invalid-encoding");
        } else {
            throw new Scram.Failure("invalid-encoding");
        }
    }

    private void expect(Step wanted) throws Scram.Failure {
        if (step != wanted) throw new Scram.Failure("other-error");
    }

    private static String attribute(String part, char name) throws Scram.Failure {
        if (part.length() < 2 || part.charAt(0) != name || part.charAt(1) != '=') {
            throw new Scram.Failure("invalid-encoding");
        }
        return part.substring(2);
    }

    /** RFC 5802 §5.1: "=2C" is ',' and "=3D" is '='; any other '=' is an error. */
    private static String saslName(String encoded) throws Scram.Failure {
        var out = new StringBuilder();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '=') {
                out.append(c);
            } else if (encoded.startsWith("=2C", i)) {
                out.append(',');
                i += 2;
            } else if (encoded.startsWith("=3D", i)) {
                out.append('=');
                i += 2;
            } else {
                throw new Scram.Failure("invalid-username-encoding");
            }
        }
        // RFC 5802 §5.1: the client SHOULD have applied SASLprep; doing it again changes nothing if it did.
        String prepared = Scram.prepare(out.toString()).orElseThrow(() -> new Scram.Failure("invalid-username-encoding"));
        if (prepared.isEmpty()) throw new Scram.Failure("invalid-username-encoding");
        return prepared;
    }

    private static boolean printable(String nonce) {
        return !nonce.isEmpty() && nonce.chars().allMatch(c -> c >= 0x21 && c <= 0x7e && c != ',');
    }

    private static byte[] decode(String b64) throws Scram.Failure {
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new Scram.Failure("invalid-encoding");
        }
    }

    private Scram.Keys fakeKeys(String username) {
        byte[] salt = java.util.Arrays.copyOf(fakeSalt.apply(username), Scram.SALT_BYTES);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return new Scram.Keys(Scram.ITERATIONS, salt, random, random);
    }
}
