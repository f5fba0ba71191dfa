package satchel.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.Authenticator;
import satchel.config.ServerConfig;
import satchel.server.Stores;
import satchel.store.MailStore;
import satchel.store.User;

/**
 * The test-speed hash is for the embedded server only: its users log in there, and a configured server over the
 * data directory it wrote refuses them (docs/testing.md says so).
 */
class EmbeddedCredentialsTest {
    @TempDir Path dir;

    @Test
    void aDataDirectoryWrittenByAnEmbeddedServerGivesNoProductionLogin() throws Exception {
        try (Satchel satchel = Satchel.builder().dataDirectory(dir).user("alice", "secret").imap(0).start();
             Socket imap = new Socket(satchel.host(), satchel.imapPort())) {
            imap.setSoTimeout(10_000);
            var in = new BufferedReader(new InputStreamReader(imap.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("* OK");
            imap.getOutputStream().write("a LOGIN alice secret\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("a OK");
        }
        try (MailStore store = Stores.open(ServerConfig.defaults(dir))) {
            User alice = store.user("alice").orElseThrow();
            assertThat(alice.passwordHash()).startsWith("$satchel-test$");
            assertThat(alice.scram()).isNull(); // derived from the declared password at a SCRAM login, never stored
            var outcome = new Authenticator(store).login("alice", "secret", "127.0.0.1");
            assertThat(outcome).isInstanceOf(Authenticator.Outcome.Denied.class);
        }
    }
}
