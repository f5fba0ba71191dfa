package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.Authenticator;
import satchel.auth.FakeUserStore;
import satchel.config.ServerConfig;
import satchel.session.ImapSession;
import satchel.session.SessionConfig;

/**
 * AWAITS MERGE: the same greetings as {@link ImapServerTest}, through the real {@link ImapSession}. Skipped
 * (not failed) while the session layer in this tree is still the throwing stub; they only read the first
 * line, so they hold whatever the session says after the greeting.
 */
class ImapServerSessionTest {
    @TempDir Path dir;

    private ImapServer server;

    @BeforeAll static void sessionLayerPresent() {
        assumeTrue(sessionImplemented(), "ImapSession is still a stub in this tree");
    }

    static boolean sessionImplemented() {
        var store = new FakeUserStore();
        try {
            new ImapSession(store, new Authenticator(store), SessionConfig.defaults(),
                    new StdioTransport(InputStream.nullInputStream(), OutputStream.nullOutputStream()));
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    @AfterEach void stop() {
        if (server != null) server.close();
    }

    private static String firstLine(InetSocketAddress a) throws IOException {
        try (Socket s = new Socket(a.getAddress(), a.getPort())) {
            return FakeConnections.line(s.getInputStream());
        }
    }

    @Test void greetsOk() throws Exception {
        server = ImapServer.start(ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps("off"), new FakeUserStore());
        assertThat(firstLine(server.imapAddress())).startsWith("* OK");
    }

    @Test void overTheLimitGreetsBye() throws Exception {
        server = ImapServer.start(ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps("off")
                .withMaxConnectionsPerIp(1), new FakeUserStore());
        InetSocketAddress a = server.imapAddress();
        try (Socket held = new Socket(a.getAddress(), a.getPort())) {
            assertThat(FakeConnections.line(held.getInputStream())).startsWith("* OK");
            assertThat(firstLine(a)).startsWith("* BYE");
        }
    }

    @Test void shutdownSaysBye() throws Exception {
        server = ImapServer.start(ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps("off"), new FakeUserStore());
        InetSocketAddress a = server.imapAddress();
        try (Socket s = new Socket(a.getAddress(), a.getPort())) {
            assertThat(FakeConnections.line(s.getInputStream())).startsWith("* OK");
            server.close();
            assertThat(FakeConnections.line(s.getInputStream())).startsWith("* BYE");
        }
    }
}
