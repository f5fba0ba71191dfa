package satchel.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import satchel.embedded.Satchel;

/**
 * Dovecot's imaptest (see {@link Imaptest}) against a real Satchel started in process (SQLite store in a fresh
 * directory, plain IMAP on an ephemeral loopback port): its scripted compliance tests, and its multi-client stress
 * mode with state tracking. Without imaptest the tests are skipped, saying what is missing.
 *
 * <p>The compliance test runs whenever imaptest is there; a script needing a capability Satchel does not
 * advertise is a SKIP, every other script must pass. The stress test (60 s, 50 clients) runs too, unless
 * {@code -Dimaptest.stress=false}, and must report no "Error:" line.
 */
class ImaptestComplianceTest {
    private static final String PASSWORD = Imaptest.PASSWORD;
    private static final int STRESS_SECONDS = 60, STRESS_CLIENTS = 50, STRESS_USERS = 50;

    @TempDir Path tmp;

    @Test void everyScriptWithAdvertisedCapabilitiesPasses() throws Exception {
        Imaptest imaptest = Imaptest.find(tmp);
        try (var server = start(tmp.resolve("data"))) {
            server.addUser("testuser", PASSWORD);
            server.addUser("testuser2", PASSWORD);
            var result = imaptest.compliance(server.imapPort(), "testuser", "testuser2");
            assertThat(result.passed()).as("scripts passed").isPositive();
            assertThat(result.failed()).as("imaptest scripts failed (details above)").isEmpty();
        }
    }

    @Test
    @DisabledIfSystemProperty(named = "imaptest.stress", matches = "false",
            disabledReason = "the 60 s load run was turned off with -Dimaptest.stress=false")
    void stressWithStateTrackingFindsNoErrors() throws Exception {
        Imaptest imaptest = Imaptest.find(tmp);
        Path mbox = imaptest.mbox(2000); // messages to APPEND, with the unique Message-IDs imaptest tracks
        try (var server = start(tmp.resolve("data"))) {
            for (int i = 1; i <= STRESS_USERS; i++) server.addUser("user" + i, PASSWORD);
            assertThat(imaptest.stress(server.imapPort(), mbox, STRESS_SECONDS, STRESS_CLIENTS, STRESS_USERS))
                    .as("imaptest Error: lines, by kind").isEmpty();
        }
    }

    /** Satchel, the embedded server, with its SQLite store in {@code dir}; limits wide enough for imaptest's clients. */
    private static Satchel start(Path dir) throws IOException {
        return Satchel.builder().dataDirectory(dir).imap(0)
                .config("limits.max-connections-per-ip", "500").config("limits.max-connections-per-user", "500")
                .start();
    }
}
