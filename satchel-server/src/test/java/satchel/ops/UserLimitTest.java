package satchel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.Await;
import satchel.server.ImapServer;

/** limits.max-connections-per-user: a login beyond it gets NO [LIMIT] (RFC 5530); others are unaffected. */
class UserLimitTest {
    @TempDir Path dir;
    private ImapServer server;

    @AfterEach void stop() {
        if (server != null) server.close();
    }

    @Test void loginsBeyondTheLimitAreRefusedUntilOneEnds() throws Exception {
        server = Fixture.start(dir, c -> c.withMaxConnectionsPerUser(1));
        var a = server.imapAddress();
        try (ImapClient first = new ImapClient(a); ImapClient second = new ImapClient(a)) {
            assertThat(first.last("LOGIN alice " + Fixture.PASSWORD)).startsWith("a1 OK");
            assertThat(second.last("LOGIN alice " + Fixture.PASSWORD)).startsWith("a1 NO [LIMIT]");
            assertThat(second.last("NOOP")).startsWith("a2 OK"); // still connected, still not authenticated
            try (ImapClient bob = new ImapClient(a)) {
                assertThat(bob.last("LOGIN bob " + Fixture.PASSWORD)).startsWith("a1 OK");
            }
            first.command("LOGOUT");
            Await.until(Duration.ofSeconds(10), () -> server.connections() == 1);
            assertThat(second.last("AUTHENTICATE PLAIN " + java.util.Base64.getEncoder().encodeToString(
                    ("\0alice\0" + Fixture.PASSWORD).getBytes()))).startsWith("a3 OK");
        }
    }
}
