package satchel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordsTest {
    private static final String HASH = Passwords.hash("correct horse");

    @Test void hashIsPhcArgon2idWithOwaspParameters() {
        assertThat(HASH).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        var phc = Passwords.parse(HASH).orElseThrow();
        assertThat(phc.version()).isEqualTo(0x13);
        assertThat(phc.memoryKiB()).isEqualTo(19456);
        assertThat(phc.iterations()).isEqualTo(2);
        assertThat(phc.parallelism()).isEqualTo(1);
        assertThat(phc.salt()).hasSize(16);
        assertThat(phc.hash()).hasSize(32);
        assertThat(phc.format()).isEqualTo(HASH);
    }

    @Test void verifiesTheRightPasswordOnly() {
        assertThat(Passwords.verify("correct horse", HASH)).isTrue();
        assertThat(Passwords.verify("correct horse ", HASH)).isFalse();
        assertThat(Passwords.verify("", HASH)).isFalse();
        assertThat(Passwords.verify(null, HASH)).isFalse();
    }

    @Test void saltsDiffer() {
        assertThat(Passwords.hash("correct horse")).isNotEqualTo(HASH);
    }

    @Test void nonAsciiPasswordsAreUtf8() {
        String h = Passwords.hash("pässwörd");
        assertThat(Passwords.verify("pässwörd", h)).isTrue();
        assertThat(Passwords.verify("passwort", h)).isFalse();
    }

    /** RFC 9106 style parameters from another implementation are read from the string, not assumed. */
    @Test void verifiesWithTheParametersInTheString() {
        var p = Passwords.parse(HASH).orElseThrow();
        var cheaper = new Passwords.Phc(0x13, 64, 1, 1, p.salt(), new byte[32]);
        assertThat(Passwords.verify("x", cheaper.format())).isFalse();
        // Reference vector from the Argon2 reference implementation (phc-winner-argon2 src/test.c, Argon2id v=19).
        String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assertThat(Passwords.verify("password", reference)).isTrue();
        assertThat(Passwords.verify("Password", reference)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "plaintext", "$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=16$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=19456,t=2$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=19456,t=0,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$",
            "$argon2id$v=19$m=19456,t=2,p=1$c2$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaA",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$a$b",
            "{SSHA}abcdef"})
    void malformedHashesNeverVerify(String phc) {
        assertThat(Passwords.parse(phc)).isEmpty();
        assertThat(Passwords.verify("password", phc)).isFalse();
    }

    @Test void nullHashNeverVerifies() {
        assertThat(Passwords.verify("password", null)).isFalse();
    }
}
