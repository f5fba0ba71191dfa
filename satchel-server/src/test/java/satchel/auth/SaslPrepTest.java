package satchel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SASLprep (RFC 4013) for SCRAM passwords and user names, with the examples of RFC 4013 §3. */
class SaslPrepTest {
    @Test void rfc4013Examples() {
        assertThat(Scram.prepare("I\u00ADX")).contains("IX"); // SOFT HYPHEN mapped to nothing
        assertThat(Scram.prepare("user")).contains("user");
        assertThat(Scram.prepare("USER")).contains("USER"); // case is preserved
        assertThat(Scram.prepare("\u00AA")).contains("a"); // NFKC
        assertThat(Scram.prepare("\u2168")).contains("IX"); // NFKC
        assertThat(Scram.prepare("\u0007")).isEmpty(); // prohibited character
        assertThat(Scram.prepare("\u0627\u0031")).isEmpty(); // bidirectional check
    }

    @Test void nonAsciiSpaceIsASpaceAndPrivateUseIsRefused() {
        assertThat(Scram.prepare("pass\u00A0word")).contains("pass word");
        assertThat(Scram.prepare("pass\uE000word")).isEmpty();
    }

    @Test void keysAreDerivedFromThePreparedPassword() {
        byte[] salt = new byte[16];
        assertThat(Scram.derive("I\u00ADX", salt, 4096).storedKey()).isEqualTo(Scram.derive("IX", salt, 4096).storedKey());
        assertThat(Scram.storedKeys("bell\u0007")).as("no conforming client could prove it").isNull();
        assertThat(Scram.storedKeys("pencil")).startsWith("SCRAM-SHA-256$4096:");
    }

    @Test void userNameIsPreparedBeforeLookup() throws Exception {
        Scram.Keys keys = Scram.derive("pencil", new byte[16], 4096);
        var server = new ScramServer(name -> name.equals("IX") ? Optional.of(keys) : Optional.empty(),
                name -> new byte[16], () -> "srv");
        server.clientFirst("n,,n=I\u00ADX,r=abc");
        assertThat(server.username()).isEqualTo("IX");
    }
}
