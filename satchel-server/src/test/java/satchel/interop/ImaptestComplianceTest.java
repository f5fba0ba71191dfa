package satchel.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.Passwords;
import satchel.auth.Scram;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;

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
        try (var server = Server.start(tmp.resolve("data"))) {
            server.user("testuser");
            server.user("testuser2");
            var result = imaptest.compliance(server.port(), "testuser", "testuser2");
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
        try (var server = Server.start(tmp.resolve("data"))) {
            for (int i = 1; i <= STRESS_USERS; i++) server.user("user" + i);
            assertThat(imaptest.stress(server.port(), mbox, STRESS_SECONDS, STRESS_CLIENTS, STRESS_USERS))
                    .as("imaptest Error: lines, by kind").isEmpty();
        }
    }

    /** Satchel with its default store in {@code dir}; connection limits wide enough for imaptest's clients. */
    private record Server(ImapServer server) implements AutoCloseable {
        static Server start(Path dir) throws IOException {
            var config = ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps(null)
                    .withMaxConnectionsPerIp(500).withMaxConnectionsPerUser(500);
            return new Server(ImapServer.start(config));
        }

        void user(String name) throws Exception {
            server.store().createUser(name, Passwords.hash(PASSWORD), Scram.storedKeys(PASSWORD));
        }

        int port() {
            return server.imapAddress().getPort();
        }

        @Override public void close() {
            server.close();
        }
    }
}
