package satchel.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SCRAM-SHA-256 against the example exchange of RFC 7677 §3 (user "user", password "pencil"). */
class ScramTest {
    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL =
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static final AuthSecret SECRET = AuthSecret.random();
    private static final Scram.Keys PENCIL =
            Scram.derive("pencil", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);

    private static ScramServer rfcServer() {
        return new ScramServer(name -> name.equals("user") ? Optional.of(PENCIL) : Optional.empty(),
                name -> new byte[16], () -> SERVER_NONCE);
    }

    @Test void rfc7677ExampleExchange() throws Exception {
        ScramServer server = rfcServer();
        assertThat(server.clientFirst(CLIENT_FIRST)).isEqualTo(SERVER_FIRST);
        assertThat(server.username()).isEqualTo("user");
        assertThat(server.clientFinal(CLIENT_FINAL)).isEqualTo(SERVER_FINAL);
    }

    @Test void wrongProofIsRejected() throws Exception {
        byte[] proof = Base64.getDecoder().decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        proof[0] ^= 1;
        String tampered = CLIENT_FINAL.substring(0, CLIENT_FINAL.indexOf(",p=") + 3)
                + Base64.getEncoder().encodeToString(proof);
        ScramServer server = rfcServer();
        server.clientFirst(CLIENT_FIRST);
        assertThatThrownBy(() -> server.clientFinal(tampered))
                .isInstanceOfSatisfying(Scram.Failure.class, f -> assertThat(f.error()).isEqualTo("invalid-proof"));
    }

    @Test void wrongPasswordIsRejected() throws Exception {
        Scram.Keys other = Scram.derive("pencil2", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        ScramServer server = new ScramServer(name -> Optional.of(other), name -> new byte[16], () -> SERVER_NONCE);
        assertThat(server.clientFirst(CLIENT_FIRST)).isEqualTo(SERVER_FIRST);
        assertThatThrownBy(() -> server.clientFinal(CLIENT_FINAL)).isInstanceOf(Scram.Failure.class);
    }

    @Test void unknownUserLooksTheSameUntilTheProofFails() throws Exception {
        var server = Scram.server(name -> Optional.empty(), SECRET);
        String first = server.clientFirst("n,,n=nobody,r=abc");
        assertThat(first).matches("r=abc[^,]+,s=[A-Za-z0-9+/=]+,i=4096");
        String again = Scram.server(name -> Optional.empty(), SECRET).clientFirst("n,,n=nobody,r=abc");
        assertThat(salt(again)).isEqualTo(salt(first)); // stable per name, as a real user's would be
        String nonce = first.substring(2, first.indexOf(','));
        assertThatThrownBy(() -> server.clientFinal("c=biws,r=" + nonce + ",p=" + Base64.getEncoder().encodeToString(new byte[32])))
                .isInstanceOfSatisfying(Scram.Failure.class, f -> assertThat(f.error()).isEqualTo("invalid-proof"));
    }

    @Test void storedKeysRoundTripAndAFullExchangeWorks() throws Exception {
        String stored = Scram.storedKeys("pencil");
        assertThat(stored).startsWith("SCRAM-SHA-256$4096:");
        Scram.Keys keys = Scram.Keys.parse(stored).orElseThrow();
        assertThat(keys.encode()).isEqualTo(stored);

        // Client side of RFC 5802 §3, computed here to drive a random-nonce exchange.
        var server = Scram.server(name -> Optional.of(keys), SECRET);
        String serverFirst = server.clientFirst("n,,n=alice,r=clientnonce");
        String nonce = serverFirst.substring(2, serverFirst.indexOf(','));
        Scram.Keys client = Scram.derive("pencil", keys.salt(), keys.iterations());
        String withoutProof = "c=biws,r=" + nonce;
        byte[] authMessage = ("n=alice,r=clientnonce," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] clientKey = Scram.hmac(Scram.hi("pencil".getBytes(StandardCharsets.UTF_8), keys.salt(), 4096),
                "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] signature = Scram.hmac(client.storedKey(), authMessage);
        byte[] proof = new byte[32];
        for (int i = 0; i < 32; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
        String serverFinal = server.clientFinal(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof));
        assertThat(serverFinal).isEqualTo("v=" + Base64.getEncoder().encodeToString(Scram.hmac(keys.serverKey(), authMessage)));
    }

    @Test void malformedMessagesFail() throws Exception {
        for (String bad : new String[] {"", "n,,", "x,,n=user,r=a", "n,,n=user", "p=tls-unique,,n=user,r=a",
                "n,,m=ext,n=user,r=a", "n,,n=us=er,r=a", "n,a=other,n=user,r=a", "n,,n=user,r=a b"}) {
            assertThatThrownBy(() -> rfcServer().clientFirst(bad)).as(bad).isInstanceOf(Scram.Failure.class);
        }
        ScramServer server = rfcServer();
        server.clientFirst(CLIENT_FIRST);
        assertThatThrownBy(() -> server.clientFinal(CLIENT_FINAL.replace("c=biws", "c=eSws")))
                .isInstanceOfSatisfying(Scram.Failure.class,
                        f -> assertThat(f.error()).isEqualTo("channel-bindings-dont-match"));
        assertThatThrownBy(() -> server.clientFinal(CLIENT_FINAL)).as("exchange is over").isInstanceOf(Scram.Failure.class);
    }

    @Test void usernameEscapesAreDecoded() throws Exception {
        var server = Scram.server(name -> Optional.empty(), SECRET);
        server.clientFirst("n,a=a=2Cb=3Dc,n=a=2Cb=3Dc,r=xyz");
        assertThat(server.username()).isEqualTo("a,b=c");
    }

    @Test void malformedStoredKeysParseToEmpty() {
        assertThat(Scram.Keys.parse(null)).isEmpty();
        assertThat(Scram.Keys.parse("SCRAM-SHA-1$4096:c2FsdA==$AAAA:BBBB")).isEmpty();
        assertThat(Scram.Keys.parse("SCRAM-SHA-256$x:c2FsdA==$AAAA:BBBB")).isEmpty();
        assertThat(Scram.Keys.parse("SCRAM-SHA-256$4096:c2FsdA==$AAAA:BBBB")).isEmpty();
    }

    private static String salt(String serverFirst) {
        return serverFirst.replaceAll(".*,s=([^,]+),.*", "$1");
    }
}
