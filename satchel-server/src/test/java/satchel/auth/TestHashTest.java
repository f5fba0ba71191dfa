package satchel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The embedded server's test-speed hash: a valid Argon2id string the normal verification accepts, at minimum cost. */
class TestHashTest {
    @Test
    void verifiesLikeAnyHashAtTheLowestCost() {
        String phc = Passwords.hashForTests("secret");
        assertThat(Passwords.verify("secret", phc)).isTrue();
        assertThat(Passwords.verify("wrong", phc)).isFalse();
        var params = Passwords.parse(phc).orElseThrow();
        assertThat(params.memoryKiB()).isEqualTo(8);
        assertThat(params.iterations()).isEqualTo(1);
        // The production hash is unchanged by it.
        var production = Passwords.parse(Passwords.hash("secret")).orElseThrow();
        assertThat(production.memoryKiB()).isEqualTo(Passwords.MEMORY_KIB);
        assertThat(production.iterations()).isEqualTo(Passwords.ITERATIONS);
    }
}
