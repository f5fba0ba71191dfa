package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.FakeUserStore;
import satchel.config.ServerConfig;

/**
 * Transition 7 by timer (RFC 3501 §5.4): a connection that does not log in within the login timeout is told
 * BYE and closed. The timeout is one second here; the test waits for the server's words, it does not sleep.
 */
class AutologoutTest {
    @TempDir Path dir;
    private ImapServer server;

    @AfterEach void stop() {
        if (server != null) server.close();
    }

    @Test void silentClientIsLoggedOutBeforeAuthentication() throws Exception {
        server = ImapServer.start(ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps("off")
                .withTimeouts(Duration.ofSeconds(1), ServerConfig.MIN_IDLE_TIMEOUT), new FakeUserStore());
        InetSocketAddress a = server.imapAddress();
        try (Socket s = new Socket(a.getAddress(), a.getPort())) {
            s.setSoTimeout(15_000);
            InputStream in = s.getInputStream();
            assertThat(FakeConnections.line(in)).startsWith("* OK");
            assertThat(FakeConnections.line(in)).startsWith("* BYE").containsIgnoringCase("autologout");
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
