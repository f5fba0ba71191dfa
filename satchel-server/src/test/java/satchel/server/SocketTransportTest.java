package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketTransportTest {
    @TempDir static Path dir;

    private ServerSocket listener;
    private Socket client;
    private Socket accepted;
    private SocketTransport transport;

    @BeforeEach void connect() throws Exception {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        SSLContext tls = TlsContexts.selfSigned(dir.resolve("tls"));
        accepted = listener.accept();
        transport = new SocketTransport(accepted, tls, false);
    }

    @AfterEach void close() throws Exception {
        transport.close();
        client.close();
        listener.close();
    }

    /** RFC 3501 §6.2.1: the tagged OK goes out in clear, then both sides handshake on the same connection. */
    @Test void startTlsUpgradesTheConnectionInPlace() throws Exception {
        assertThat(transport.secure()).isFalse();
        assertThat(transport.tlsAvailable()).isTrue();
        assertThat(transport.loopback()).isTrue();
        assertThat(transport.remoteAddress()).isEqualTo("127.0.0.1");

        send(transport.output(), "* OK ready");
        assertThat(line(client.getInputStream())).isEqualTo("* OK ready");
        send(client.getOutputStream(), "a STARTTLS");
        assertThat(line(transport.input())).isEqualTo("a STARTTLS");
        send(transport.output(), "a OK Begin TLS negotiation now");
        assertThat(line(client.getInputStream())).isEqualTo("a OK Begin TLS negotiation now");

        var server = CompletableFuture.runAsync(() -> {
            try {
                transport.startTls();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        var tls = (SSLSocket) TestTls.trustAllClient().getSocketFactory()
                .createSocket(client, "localhost", client.getPort(), true);
        tls.startHandshake();
        server.get(10, TimeUnit.SECONDS);

        assertThat(transport.secure()).isTrue();
        assertThat(transport.tlsAvailable()).isFalse();
        assertThat(tls.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        send(tls.getOutputStream(), "b NOOP");
        assertThat(line(transport.input())).isEqualTo("b NOOP");
        send(transport.output(), "b OK done");
        assertThat(line(tls.getInputStream())).isEqualTo("b OK done");
        tls.close();
    }

    @Test void tls12ClientsAreAccepted() throws Exception {
        var server = CompletableFuture.runAsync(() -> {
            try {
                transport.startTls();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        var tls = (SSLSocket) TestTls.trustAllClient().getSocketFactory()
                .createSocket(client, "localhost", client.getPort(), true);
        tls.setEnabledProtocols(new String[] {"TLSv1.2"});
        tls.startHandshake();
        server.get(10, TimeUnit.SECONDS);
        assertThat(tls.getSession().getProtocol()).isEqualTo("TLSv1.2");
        tls.close();
    }

    @Test void withoutContextNoStartTls() throws Exception {
        try (var other = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             var accepted = listener.accept()) {
            var plain = new SocketTransport(accepted, null, false);
            assertThat(plain.tlsAvailable()).isFalse();
            assertThatThrownBy(plain::startTls).isInstanceOf(IOException.class);
        }
    }

    @Test void readTimeoutApplies() throws Exception {
        transport.setReadTimeout(Duration.ofMillis(50));
        assertThatThrownBy(() -> transport.input().read()).isInstanceOf(SocketTimeoutException.class);
    }

    /**
     * Issue 11: the idle timeout after login is no socket timeout, which on a virtual thread arms a timer on every read
     * that waits; the read clock tells the watchdog how long the read has waited instead.
     */
    @Test void longReadTimeoutIsKeptByTheReadClockNotTheSocket() throws Exception {
        transport.setReadTimeout(Duration.ofMinutes(30));
        assertThat(accepted.getSoTimeout()).isZero();
        long later = Duration.ofMinutes(31).toNanos();
        assertThat(transport.readOverdue(System.nanoTime() + later)).as("no read in progress").isFalse();
        var reader = CompletableFuture.supplyAsync(() -> {
            try {
                return transport.input().read();
            } catch (IOException e) {
                return -2;
            }
        });
        awaitReadBlocked(transport);
        assertThat(transport.readOverdue(System.nanoTime() + Duration.ofMinutes(29).toNanos())).isFalse();
        client.getOutputStream().write('x');
        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo('x');
        assertThat(transport.readOverdue(System.nanoTime() + later)).as("the read has returned").isFalse();

        transport.setReadTimeout(Duration.ofSeconds(5)); // before login: the socket's own
        assertThat(accepted.getSoTimeout()).isEqualTo(5000);
    }

    /** Waits (bounded) until a read on {@code t} blocks long enough to be past a 30-minute timeout later on. */
    static void awaitReadBlocked(SocketTransport t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!t.readOverdue(System.nanoTime() + Duration.ofMinutes(31).toNanos())) {
            assertThat(System.nanoTime() - deadline).as("the read never started").isNegative();
            Thread.onSpinWait();
        }
    }

    @Test void closeFromAnotherThreadEndsABlockedRead() throws Exception {
        var reader = CompletableFuture.supplyAsync(() -> {
            try {
                return transport.input().read();
            } catch (IOException e) {
                return -2;
            }
        });
        transport.close();
        assertThat(reader.get(10, TimeUnit.SECONDS)).isLessThan(0);
        assertThat(client.getInputStream().read()).isEqualTo(-1);
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        var buf = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) throw new IOException("EOF after " + buf);
            if (b != '\r') buf.write(b);
        }
        return buf.toString(StandardCharsets.US_ASCII);
    }
}
