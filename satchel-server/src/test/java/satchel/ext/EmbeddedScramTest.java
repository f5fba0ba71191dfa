package satchel.ext;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import satchel.TestClient;
import satchel.embedded.Satchel;

/**
 * An embedded server stores its users without SCRAM keys and derives them at the first SCRAM-SHA-256 login; the
 * exchange must work as with stored keys (the client side is SaslTest's, written from RFC 5802 §3).
 */
class EmbeddedScramTest {
    @Test
    void scramWorksWithKeysDerivedOnFirstUse() throws Exception {
        try (Satchel satchel = Satchel.builder().user("alice", "secret pässword").imap(0).start()) {
            var address = new InetSocketAddress(satchel.host(), satchel.imapPort());
            try (var c = TestClient.connect(address)) {
                assertThat(c.readLine()).startsWith("* OK");
                assertThat(SaslTest.scram(c, "alice", "secret pässword", true, false)).startsWith("a1 OK");
            }
            try (var c = TestClient.connect(address)) {
                c.readLine();
                assertThat(SaslTest.scram(c, "alice", "wrong", true, false)).startsWith("a1 NO [AUTHENTICATIONFAILED]");
            }
            satchel.purge(); // users created again: the keys still come from the declared password
            satchel.addUser("bob", "hunter2");
            try (var c = TestClient.connect(address)) {
                c.readLine();
                assertThat(SaslTest.scram(c, "bob", "hunter2", false, false)).startsWith("a1 OK");
            }
        }
    }
}
