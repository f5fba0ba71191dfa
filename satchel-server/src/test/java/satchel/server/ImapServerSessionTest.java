package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.FakeUserStore;
import satchel.config.ServerConfig;

/** The greetings of {@link ImapServerTest} and STARTTLS, through the real {@link satchel.session.ImapSession}. */
class ImapServerSessionTest {
    @TempDir Path dir;

    private ImapServer server;

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

    /**
     * CVE-2011-0411: a command pipelined in the same packet as STARTTLS must not run, neither before nor
     * inside TLS; the first answer inside TLS is to the first command sent inside TLS.
     */
    @Test void commandsPipelinedAfterStartTlsAreDiscarded() throws Exception {
        server = ImapServer.start(ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps("off"), new FakeUserStore());
        InetSocketAddress a = server.imapAddress();
        try (Socket s = new Socket(a.getAddress(), a.getPort())) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            assertThat(FakeConnections.line(in)).startsWith("* OK").contains("STARTTLS");
            s.getOutputStream().write("a STARTTLS\r\nb CAPABILITY\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertThat(FakeConnections.line(in)).startsWith("a OK");
            SSLSocket tls = (SSLSocket) TestTls.trustAllClient().getSocketFactory()
                    .createSocket(s, a.getHostString(), a.getPort(), true);
            tls.setUseClientMode(true);
            tls.startHandshake();
            tls.getOutputStream().write("c NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            assertThat(FakeConnections.line(tls.getInputStream())).startsWith("c OK");
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
