package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.Await;
import satchel.auth.FakeUserStore;
import satchel.config.AuthThrottle;
import satchel.config.ServerConfig;

/** Listeners, limits and shutdown, with {@link FakeConnections} in place of the session. */
class ImapServerTest {
    @TempDir Path dir;

    private final FakeUserStore store = new FakeUserStore();
    private final List<Socket> clients = new ArrayList<>();
    private ImapServer server;

    private ServerConfig config() {
        return ServerConfig.defaults(dir).withStore("memory").withImap("127.0.0.1:0").withImaps("127.0.0.1:0");
    }

    private ImapServer start(ServerConfig config) throws IOException {
        server = ImapServer.start(config, store, FakeConnections.FACTORY);
        return server;
    }

    @AfterEach void stop() throws IOException {
        for (Socket s : clients) s.close();
        if (server != null) server.close();
    }

    private Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket(address.getAddress(), address.getPort());
        clients.add(s);
        return s;
    }

    private static String line(Socket s) throws IOException {
        return FakeConnections.line(s.getInputStream());
    }

    @Test void plainListenerGreetsAndOffersStartTls() throws Exception {
        start(config());
        Socket c = connect(server.imapAddress());
        assertThat(line(c)).isEqualTo("* OK secure=false tls=true");
        c.getOutputStream().write("a NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(line(c)).isEqualTo("* ECHO a NOOP");
    }

    @Test void implicitTlsListenerHandshakesBeforeTheGreeting() throws Exception {
        start(config());
        InetSocketAddress a = server.imapsAddress();
        try (var tls = (SSLSocket) TestTls.trustAllClient().getSocketFactory().createSocket(a.getAddress(), a.getPort())) {
            assertThat(FakeConnections.line(tls.getInputStream())).isEqualTo("* OK secure=true tls=false");
            assertThat(tls.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        }
    }

    @Test void disabledListenerHasNoAddress() throws Exception {
        start(config().withImaps("off"));
        assertThat(server.imapsAddress()).isNull();
        assertThat(server.imapAddress().getPort()).isPositive();
    }

    /** RFC 3501 §3 transition 3: a connection the server will not serve is greeted with BYE. */
    @Test void overThePerAddressLimitTheGreetingIsBye() throws Exception {
        start(config().withMaxConnectionsPerIp(2));
        Socket first = connect(server.imapAddress());
        Socket second = connect(server.imapAddress());
        assertThat(line(first)).startsWith("* OK");
        assertThat(line(second)).startsWith("* OK");

        Socket third = connect(server.imapAddress());
        assertThat(line(third)).isEqualTo("* BYE Too many connections from your address");
        assertThat(line(third)).isNull();

        first.close();
        Await.until(Duration.ofSeconds(10), () -> server.connections() == 1);
        assertThat(line(connect(server.imapAddress()))).startsWith("* OK");
    }

    /** Nobody logs in here, so a full server drops its oldest connection for the newcomer (see HostileConnectionsTest). */
    @Test void overTheGlobalLimitTheOldestConnectionNotLoggedInMakesRoom() throws Exception {
        start(config().withMaxConnections(1));
        Socket first = connect(server.imapAddress());
        assertThat(line(first)).startsWith("* OK");
        assertThat(line(connect(server.imapAddress()))).startsWith("* OK");
        assertThat(line(first)).isEqualTo("* BYE Too many connections; the oldest not logged in is dropped");
        assertThat(line(first)).isNull();
    }

    @Test void blockedAddressIsGreetedWithBye() throws Exception {
        start(config().withAuthThrottle(new AuthThrottle(Duration.ZERO, 2, Duration.ofMinutes(5), Duration.ofMinutes(15),
                2, 3, List.of())));
        server.authenticator().login("nobody", "wrong", "127.0.0.1");
        server.authenticator().login("somebody", "wrong", "127.0.0.1");
        assertThat(line(connect(server.imapAddress()))).isEqualTo("* BYE Too many failed logins, try again later");
    }

    @Test void closeSaysByeToEverySessionAndClosesTheStore() throws Exception {
        start(config());
        Socket a = connect(server.imapAddress());
        Socket b = connect(server.imapAddress());
        assertThat(line(a)).startsWith("* OK");
        assertThat(line(b)).startsWith("* OK");
        InetSocketAddress address = server.imapAddress();

        server.close();

        assertThat(line(a)).isEqualTo("* BYE Server shutting down");
        assertThat(line(a)).isNull();
        assertThat(line(b)).isEqualTo("* BYE Server shutting down");
        assertThat(store.closed).isTrue();
        assertThat(server.connections()).isZero();
        assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                .isInstanceOf(ConnectException.class);
        server.close(); // idempotent
    }

    @Test void startFailsCleanlyWhenThePortIsTaken() throws Exception {
        start(config().withImaps("off"));
        String taken = "127.0.0.1:" + server.imapAddress().getPort();
        var other = new FakeUserStore();
        assertThatThrownBy(() -> ImapServer.start(config().withImap(taken), other, FakeConnections.FACTORY))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot listen on " + taken);
        assertThat(other.closed).isTrue();
    }

    @Test void bothListenersOffIsAnError() {
        assertThatThrownBy(() -> ImapServer.start(config().withImap("off").withImaps("off"), store, FakeConnections.FACTORY))
                .hasMessageContaining("nothing to serve");
    }
}
