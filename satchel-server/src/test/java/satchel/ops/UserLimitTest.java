package satchel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.Await;
import satchel.TestClient;
import satchel.embedded.Satchel;

/** limits.max-connections-per-user: a login beyond it gets NO [LIMIT] (RFC 5530); others are unaffected. */
class UserLimitTest {
    private static final String PASSWORD = "s3cretPW";
    @TempDir Path dir;
    private Satchel server;

    @AfterEach void stop() {
        if (server != null) server.close();
    }

    @Test void loginsBeyondTheLimitAreRefusedUntilOneEnds() throws Exception {
        server = Satchel.builder().dataDirectory(dir).imap(0).user("alice", PASSWORD).user("bob", PASSWORD)
                .config("limits.max-connections-per-user", "1").start();
        var a = new InetSocketAddress(server.host(), server.imapPort());
        try (TestClient first = TestClient.connect(a); TestClient second = TestClient.connect(a)) {
            first.greeting();
            second.greeting();
            assertThat(first.last("LOGIN alice " + PASSWORD)).startsWith("a1 OK");
            assertThat(second.last("LOGIN alice " + PASSWORD)).startsWith("a1 NO [LIMIT]");
            assertThat(second.last("NOOP")).startsWith("a2 OK"); // still connected, still not authenticated
            try (TestClient bob = TestClient.connect(a)) {
                bob.greeting();
                assertThat(bob.last("LOGIN bob " + PASSWORD)).startsWith("a1 OK");
            }
            first.command("LOGOUT");
            Await.until(Duration.ofSeconds(10), () -> server.connections() == 1);
            assertThat(second.last("AUTHENTICATE PLAIN " + java.util.Base64.getEncoder().encodeToString(
                    ("\0alice\0" + PASSWORD).getBytes()))).startsWith("a3 OK");
        }
    }
}
