package satchel.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static satchel.ext.SaslTest.b64;
import static satchel.ext.SaslTest.unb64;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import satchel.TestClient;
import satchel.junit.SatchelExtension;

/**
 * SCRAM-SHA-256-PLUS with tls-exporter (RFC 9266) against a real server: over implicit TLS 1.3 and after
 * STARTTLS, not offered on plain connections or TLS 1.2, and the downgrade check of RFC 5802 §6. The client
 * takes the exporter from its own SSLSocket, so both ends must agree on the channel.
 */
class ScramPlusTest {
    /** Plain IMAP and implicit TLS; clients trust the server's own certificate ({@code sslContext()}). */
    @RegisterExtension static final SatchelExtension mail = SatchelExtension.perClass().user("alice", "secret");

    private record Tls(TestClient client, byte[] exporter) implements AutoCloseable {
        @Override public void close() throws Exception {
            client.close();
        }
    }

    private static Tls implicitTls(String protocol) throws Exception {
        var ssl = (SSLSocket) mail.satchel().sslContext().getSocketFactory().createSocket(mail.host(), mail.imapsPort());
        ssl.setEnabledProtocols(new String[] {protocol});
        ssl.startHandshake();
        var c = TestClient.over(ssl);
        assertThat(c.readLine()).startsWith("* OK");
        return new Tls(c, exporter(ssl));
    }

    private static byte[] exporter(SSLSocket ssl) throws Exception {
        return ((ExtendedSSLSession) ssl.getSession()).exportKeyingMaterialData("EXPORTER-Channel-Binding",
                new byte[0], 32);
    }

    @Test void plusOverImplicitTls13() throws Exception {
        try (var t = implicitTls("TLSv1.3")) {
            assertThat(t.client.command("a0", "CAPABILITY").getFirst()).contains(" AUTH=SCRAM-SHA-256-PLUS");
            assertThat(scram(t.client, "SCRAM-SHA-256-PLUS", "p=tls-exporter,,", t.exporter)).startsWith("a1 OK");
            assertThat(t.client.command("a2", "SELECT INBOX").getLast()).startsWith("a2 OK");
        }
    }

    @Test void plusAfterStartTls() throws Exception {
        var c = TestClient.connect(mail.host(), mail.imapPort());
        var plain = c.socket();
        assertThat(c.readLine()).startsWith("* OK");
        assertThat(c.command("a0", "CAPABILITY").getFirst()).doesNotContain("PLUS");
        assertThat(c.command("a1", "AUTHENTICATE SCRAM-SHA-256-PLUS").getLast()).startsWith("a1 NO");
        assertThat(c.command("a2", "STARTTLS").getLast()).startsWith("a2 OK");
        var ssl = (SSLSocket) mail.satchel().sslContext().getSocketFactory()
                .createSocket(plain, "localhost", mail.imapPort(), true);
        ssl.setEnabledProtocols(new String[] {"TLSv1.3"});
        ssl.startHandshake();
        try (var t = TestClient.over(ssl)) {
            assertThat(t.command("a3", "CAPABILITY").getFirst()).contains(" AUTH=SCRAM-SHA-256-PLUS");
            assertThat(scram(t, "SCRAM-SHA-256-PLUS", "p=tls-exporter,,", exporter(ssl))).startsWith("a1 OK");
        }
    }

    @Test void bindingOfAnotherConnectionFails() throws Exception {
        try (var first = implicitTls("TLSv1.3"); var second = implicitTls("TLSv1.3")) {
            assertThat(scram(second.client, "SCRAM-SHA-256-PLUS", "p=tls-exporter,,", first.exporter))
                    .startsWith("a1 NO [AUTHENTICATIONFAILED]");
        }
    }

    @Test void clientClaimingTheServerCannotBindIsRefused() throws Exception {
        try (var t = implicitTls("TLSv1.3")) {
            // "y": the client supports binding but saw no PLUS; here PLUS is offered, so someone removed it.
            assertThat(scram(t.client, "SCRAM-SHA-256", "y,,", new byte[0])).startsWith("a1 NO [AUTHENTICATIONFAILED]");
            assertThat(scram(t.client, "SCRAM-SHA-256", "n,,", new byte[0])).startsWith("a1 OK");
        }
    }

    @Test void notOfferedOverTls12() throws Exception {
        try (var t = implicitTls("TLSv1.2")) {
            assertThat(t.client.command("a0", "CAPABILITY").getFirst()).contains("AUTH=SCRAM-SHA-256")
                    .doesNotContain("PLUS");
            assertThat(t.client.command("a1", "AUTHENTICATE SCRAM-SHA-256-PLUS " + b64("p=tls-exporter,,n=alice,r=x"))
                    .getLast()).startsWith("a1 NO Unsupported");
        }
    }

    /** The client side of RFC 5802 §3 with a GS2 header and binding data; returns the tagged answer. */
    static String scram(TestClient c, String mech, String gs2, byte[] binding) throws Exception {
        String bare = "n=alice,r=fyko+d2lbbFgONRv9qkxdawL";
        c.send("a1 AUTHENTICATE " + mech + " " + b64(gs2 + bare));
        String challenge = c.readLine();
        if (!challenge.startsWith("+ ")) return challenge;
        String serverFirst = unb64(challenge.substring(2));
        String[] attrs = serverFirst.split(",");
        byte[] salt = Base64.getDecoder().decode(attrs[1].substring(2));
        int iterations = Integer.parseInt(attrs[2].substring(2));
        byte[] header = gs2.getBytes(StandardCharsets.UTF_8);
        byte[] cb = new byte[header.length + binding.length];
        System.arraycopy(header, 0, cb, 0, header.length);
        System.arraycopy(binding, 0, cb, header.length, binding.length);
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(cb) + "," + attrs[0];
        var spec = new PBEKeySpec("secret".toCharArray(), salt, iterations, 256);
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        byte[] clientKey = hmac(salted, "Client Key");
        String authMessage = bare + "," + serverFirst + "," + withoutProof;
        byte[] signature = hmac(MessageDigest.getInstance("SHA-256").digest(clientKey), authMessage);
        for (int i = 0; i < clientKey.length; i++) clientKey[i] ^= signature[i];
        c.send(b64(withoutProof + ",p=" + Base64.getEncoder().encodeToString(clientKey)));
        String fin = c.readLine();
        if (!fin.startsWith("+ ")) return fin;
        assertThat(unb64(fin.substring(2))).isEqualTo("v=" + Base64.getEncoder().encodeToString(
                hmac(hmac(salted, "Server Key"), authMessage)));
        c.send("");
        return c.until("a1 ").getLast();
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
