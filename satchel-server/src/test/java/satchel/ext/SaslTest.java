package satchel.ext;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import satchel.TestClient;
import satchel.junit.SatchelExtension;

/**
 * SASL over IMAP (RFC 3501 §6.2.2): SCRAM-SHA-256 (RFC 5802, RFC 7677) with and without SASL-IR (RFC 4959),
 * PLAIN with SASL-IR, and a wrong SCRAM proof. The client side of SCRAM is written here from RFC 5802 §3 so
 * the test does not trust the server's own code.
 */
class SaslTest {
    @RegisterExtension static final SatchelExtension mail = SatchelExtension.perClass().user("alice", "secret pässword");

    @Test void scramWithInitialResponse() throws Exception {
        try (var c = connect()) {
            assertThat(scram(c, "alice", "secret pässword", true, false)).startsWith("a1 OK [CAPABILITY ");
            assertThat(c.command("a2", "SELECT INBOX").getLast()).startsWith("a2 OK");
        }
    }

    @Test void scramWithoutInitialResponse() throws Exception {
        try (var c = connect()) {
            assertThat(scram(c, "alice", "secret pässword", false, false)).startsWith("a1 OK");
        }
    }

    @Test void scramWrongProofFails() throws Exception {
        try (var c = connect()) {
            assertThat(scram(c, "alice", "secret pässword", true, true)).startsWith("a1 NO [AUTHENTICATIONFAILED]");
            assertThat(c.command("a2", "SELECT INBOX").getLast()).startsWith("a2 BAD");
        }
    }

    @Test void scramWrongPasswordFails() throws Exception {
        try (var c = connect()) {
            assertThat(scram(c, "alice", "wrong", true, false)).startsWith("a1 NO [AUTHENTICATIONFAILED]");
        }
    }

    @Test void plainWithInitialResponse() throws Exception {
        try (var c = connect()) {
            String ir = b64("\0alice\0secret pässword");
            List<String> r = c.command("a1", "AUTHENTICATE PLAIN " + ir);
            assertThat(r).hasSize(1);
            assertThat(r.getLast()).startsWith("a1 OK");
        }
    }

    @Test void capabilitiesOfferBoth() throws Exception {
        try (var c = connect()) {
            assertThat(c.command("a1", "CAPABILITY").getFirst())
                    .contains(" SASL-IR ").contains("AUTH=PLAIN").contains("AUTH=SCRAM-SHA-256");
        }
    }

    private static TestClient connect() throws Exception {
        var c = TestClient.connect(mail.host(), mail.imapPort());
        assertThat(c.readLine()).startsWith("* OK");
        return c;
    }

    /** Runs the exchange; returns the tagged answer. {@code spoil} flips a bit of the client proof. */
    static String scram(TestClient c, String user, String password, boolean initial, boolean spoil)
            throws Exception {
        String nonce = "rOprNGfwEbeRWgbNEkqO";
        String clientFirstBare = "n=" + user + ",r=" + nonce;
        String clientFirst = "n,," + clientFirstBare;
        if (initial) {
            c.send("a1 AUTHENTICATE SCRAM-SHA-256 " + b64(clientFirst));
        } else {
            c.send("a1 AUTHENTICATE SCRAM-SHA-256");
            assertThat(c.readLine()).startsWith("+");
            c.send(b64(clientFirst));
        }
        String challenge = c.readLine();
        if (!challenge.startsWith("+ ")) return challenge;
        String serverFirst = unb64(challenge.substring(2));
        Map<String, String> attrs = attributes(serverFirst);
        assertThat(attrs.get("r")).startsWith(nonce).hasSizeGreaterThan(nonce.length());
        byte[] salt = Base64.getDecoder().decode(attrs.get("s"));
        int iterations = Integer.parseInt(attrs.get("i"));
        String withoutProof = "c=biws,r=" + attrs.get("r");
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;

        byte[] salted = hi(password, salt, iterations);
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
        if (spoil) proof[0] ^= 1;
        c.send(b64(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)));
        String fin = c.readLine();
        if (!fin.startsWith("+ ")) return fin;
        // RFC 5802 §3: the client checks the server's signature before trusting the session.
        byte[] serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
        assertThat(unb64(fin.substring(2))).isEqualTo("v=" + Base64.getEncoder().encodeToString(serverSignature));
        c.send("");
        return c.until("a1 ").getLast();
    }

    private static Map<String, String> attributes(String msg) {
        Map<String, String> m = new HashMap<>();
        for (String part : msg.split(",")) m.put(part.substring(0, 1), part.substring(2));
        return m;
    }

    private static byte[] hi(String password, byte[] salt, int iterations) throws Exception {
        var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
