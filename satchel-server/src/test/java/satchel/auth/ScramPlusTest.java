package satchel.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SCRAM-SHA-256-PLUS: the GS2 flag rules of RFC 5802 §6 and the tls-exporter binding (RFC 9266) in c=. */
class ScramPlusTest {
    private static final byte[] EXPORTER = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Scram.Keys PENCIL = Scram.derive("pencil", new byte[16], 4096);

    private static ScramServer server(boolean plus, byte[] exporter) {
        return new ScramServer(name -> name.equals("user") ? Optional.of(PENCIL) : Optional.empty(),
                name -> new byte[16], () -> "srv").channel(plus, exporter);
    }

    /** Runs the client side from RFC 5802 §3 with {@code gs2} and the binding data the client sees. */
    private static String exchange(ScramServer server, String gs2, byte[] clientBinding) throws Scram.Failure {
        String bare = "n=user,r=cli";
        String serverFirst = server.clientFirst(gs2 + bare);
        byte[] header = gs2.getBytes(StandardCharsets.UTF_8);
        byte[] cb = new byte[header.length + clientBinding.length];
        System.arraycopy(header, 0, cb, 0, header.length);
        System.arraycopy(clientBinding, 0, cb, header.length, clientBinding.length);
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(cb) + ",r=clisrv";
        byte[] salted = Scram.hi("pencil".getBytes(StandardCharsets.UTF_8), new byte[16], 4096);
        byte[] clientKey = Scram.hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] signature = Scram.hmac(Scram.sha256(clientKey),
                (bare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < clientKey.length; i++) clientKey[i] ^= signature[i];
        return server.clientFinal(withoutProof + ",p=" + Base64.getEncoder().encodeToString(clientKey));
    }

    private static void failsWith(String error, ThrowingRun run) {
        assertThatThrownBy(run::run).isInstanceOfSatisfying(Scram.Failure.class, f -> assertThat(f.error()).isEqualTo(error));
    }

    private interface ThrowingRun {
        void run() throws Exception;
    }

    @Test void boundExchangeSucceeds() throws Exception {
        assertThat(exchange(server(true, EXPORTER), "p=tls-exporter,,", EXPORTER)).startsWith("v=");
    }

    @Test void bindingOfAnotherChannelFails() {
        byte[] other = EXPORTER.clone();
        other[31] ^= 1; // a man in the middle terminates TLS himself: his exporter differs
        failsWith("channel-bindings-dont-match", () -> exchange(server(true, EXPORTER), "p=tls-exporter,,", other));
    }

    @Test void clientSayingYWhilePlusIsOfferedIsADowngrade() {
        failsWith("server-does-support-channel-binding", () -> exchange(server(false, EXPORTER), "y,,", new byte[0]));
    }

    @Test void clientSayingYWithoutTls13IsFine() throws Exception {
        assertThat(exchange(server(false, null), "y,,", new byte[0])).startsWith("v=");
    }

    @Test void plainScramOnTls13StillWorksWithN() throws Exception {
        assertThat(exchange(server(false, EXPORTER), "n,,", new byte[0])).startsWith("v=");
    }

    @Test void bindingWithoutTls13Fails() {
        failsWith("channel-binding-not-supported", () -> exchange(server(true, null), "p=tls-exporter,,", new byte[0]));
    }

    @Test void otherBindingTypesAreRefused() {
        failsWith("unsupported-channel-binding-type",
                () -> exchange(server(true, EXPORTER), "p=tls-unique,,", EXPORTER));
    }

    @Test void plusWithoutBindingAndBindingWithoutPlusAreRefused() {
        failsWith("invalid-encoding", () -> exchange(server(true, EXPORTER), "n,,", new byte[0]));
        failsWith("server-does-support-channel-binding", () -> exchange(server(true, EXPORTER), "y,,", new byte[0]));
        failsWith("invalid-encoding", () -> exchange(server(false, EXPORTER), "p=tls-exporter,,", EXPORTER));
    }
}
