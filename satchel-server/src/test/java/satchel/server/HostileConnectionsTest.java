package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.Await;
import satchel.auth.Passwords;
import satchel.auth.Scram;
import satchel.config.ServerConfig;
import satchel.store.FlagUpdate;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.UserMail;
import satchel.store.memory.MemoryMailStore;

/**
 * Clients that try to hold the server rather than use it (project issue 10): each test runs a real server on
 * ephemeral ports with limits and timeouts small enough that the attack and its end take a few seconds. Every
 * wait is bounded; nothing here sleeps to let the server "catch up" except the drips that are the attack.
 */
class HostileConnectionsTest {
    private static final String PASSWORD = "s3cretPW";
    private static final Duration SHORT = Duration.ofSeconds(1);
    /** Long enough for a greeting and STARTTLS on a loaded 2-core machine, short enough to wait for. */
    private static final Duration LOGIN = Duration.ofSeconds(3);
    /** The login deadline plus the watchdog's grace, tick and scheduling slack. */
    private static final Duration CUT_BY = LOGIN.plusSeconds(3);

    @TempDir Path dir;

    private final MemoryMailStore store = new MemoryMailStore();
    private final List<Socket> clients = new ArrayList<>();
    private ImapServer server;

    @AfterEach void stop() throws IOException {
        for (Socket s : clients) s.close();
        if (server != null) server.close();
    }

    private ServerConfig config() {
        return ServerConfig.defaults(dir).withStore("memory").withImap("127.0.0.1:0").withImaps("127.0.0.1:0");
    }

    private ImapServer start(ServerConfig config) throws Exception {
        store.createUser("alice", Passwords.hash(PASSWORD), Scram.storedKeys(PASSWORD));
        server = ImapServer.start(config, store);
        return server;
    }

    private Socket connect(InetSocketAddress a) throws IOException {
        Socket s = new Socket();
        clients.add(s);
        s.connect(a, 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String line) throws IOException {
        s.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    private static String line(Socket s) throws IOException {
        return FakeConnections.line(s.getInputStream());
    }

    /** Reads until the server closes; true if it did within the socket's timeout (EOF or reset). */
    private static boolean closedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] sink = new byte[8192];
        try {
            while (in.read(sink) >= 0) {
                // discard what the server said before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset: closed with our bytes unread
        }
    }

    /**
     * Connections on the implicit-TLS port are counted from accept, before any handshake: three raw TCP
     * connections that never say hello use up the per-address limit of three, on both listeners.
     */
    @Test void implicitTlsConnectionsCountFromAccept() throws Exception {
        start(config().withMaxConnectionsPerIp(3));
        for (int i = 0; i < 3; i++) connect(server.imapsAddress());
        Await.until(Duration.ofSeconds(10), () -> server.connections() == 3);

        Socket fourth = connect(server.imapsAddress());
        fourth.setSoTimeout(5_000);
        assertThat(closedByServer(fourth)).as("over the limit on the TLS port: closed before any handshake").isTrue();
        Socket plain = connect(server.imapAddress());
        assertThat(line(plain)).isEqualTo("* BYE Too many connections from your address");
    }

    /** A ClientHello dripped one byte at a time: the handshake ends at the login deadline, not per byte. */
    @Test void slowTlsHandshakeIsCutAtTheDeadline() throws Exception {
        start(config().withTimeouts(LOGIN, ServerConfig.MIN_IDLE_TIMEOUT));
        Socket s = connect(server.imapsAddress());
        long started = System.nanoTime();
        boolean cut = drip(s, clientHelloHeader(), Duration.ofMillis(150), Duration.ofSeconds(15));
        assertThat(cut).as("server closed the connection while it was still dripping").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(CUT_BY);
    }

    /** The same over STARTTLS: the handshake after the tagged OK is inside the login deadline too. */
    @Test void slowStartTlsHandshakeIsCutAtTheDeadline() throws Exception {
        start(config().withTimeouts(LOGIN, ServerConfig.MIN_IDLE_TIMEOUT));
        Socket s = connect(server.imapAddress());
        assertThat(line(s)).startsWith("* OK");
        send(s, "a STARTTLS");
        assertThat(line(s)).startsWith("a OK");
        long started = System.nanoTime();
        assertThat(drip(s, clientHelloHeader(), Duration.ofMillis(150), Duration.ofSeconds(15)))
                .as("server closed the connection while it was still dripping").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(CUT_BY);
    }

    /** A TLS record header announcing a 256-byte handshake message, then its body (zeros): never complete. */
    private static byte[] clientHelloHeader() {
        byte[] hello = new byte[5 + 256];
        hello[0] = 0x16;
        hello[1] = 0x03;
        hello[2] = 0x01;
        hello[3] = 0x01;
        hello[4] = 0x00;
        hello[5] = 0x01;
        return hello;
    }

    /** Slowloris before login: a LOGIN line dripped a byte at a time ends at the absolute login deadline. */
    @Test void slowLoginLineIsCutAtTheLoginDeadline() throws Exception {
        start(config().withTimeouts(LOGIN, ServerConfig.MIN_IDLE_TIMEOUT));
        Socket s = connect(server.imapAddress());
        assertThat(line(s)).startsWith("* OK");
        long started = System.nanoTime();
        byte[] login = ("a LOGIN alice " + "x".repeat(200) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(drip(s, login, Duration.ofMillis(150), Duration.ofSeconds(15)))
                .as("server closed the connection while it was still dripping").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(CUT_BY);
        Await.until(Duration.ofSeconds(10), () -> server.connections() == 0);
    }

    /**
     * Writes {@code bytes} one at a time, {@code gap} apart, until the server closes (true) or everything was
     * sent or {@code limit} passed (false).
     */
    private static boolean drip(Socket s, byte[] bytes, Duration gap, Duration limit) throws Exception {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        s.setSoTimeout((int) gap.toMillis());
        long end = System.nanoTime() + limit.toNanos();
        for (byte b : bytes) {
            if (System.nanoTime() > end) return false;
            try {
                out.write(b);
                out.flush();
                if (in.read() < 0) return true; // only BYE or EOF comes back; both end the drip
            } catch (SocketTimeoutException e) {
                continue; // nothing said: keep dripping
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    /** A logged-in client that sends commands but never reads the answers is dropped by the write timeout. */
    @Test void clientThatDoesNotReadIsDroppedByTheWriteTimeout() throws Exception {
        start(config().withWriteTimeout(SHORT));
        Socket s = new Socket();
        clients.add(s);
        s.setReceiveBufferSize(4096);
        s.connect(server.imapAddress(), 5_000);
        s.setSoTimeout(10_000);
        assertThat(line(s)).startsWith("* OK");
        send(s, "a LOGIN alice " + PASSWORD);
        assertThat(line(s)).startsWith("a OK");

        AtomicLong sent = new AtomicLong();
        Thread flood = Thread.ofVirtual().start(() -> {
            byte[] cmd = "b CAPABILITY\r\n".getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 2_000_000; i++) {
                    s.getOutputStream().write(cmd);
                    sent.addAndGet(cmd.length);
                }
            } catch (IOException e) {
                // the server dropped us: the point of the test
            }
        });
        Await.until(Duration.ofSeconds(10), () -> server.connections() == 0);
        flood.join(Duration.ofSeconds(10));
        assertThat(flood.isAlive()).isFalse();
    }

    /**
     * A full server makes room: the oldest connection that has not logged in is dropped (as Dovecot does) and
     * the new client gets in and logs in.
     */
    @Test void fullServerDropsTheOldestConnectionNotLoggedIn() throws Exception {
        start(config().withMaxConnections(3));
        Socket oldest = connect(server.imapAddress());
        assertThat(line(oldest)).startsWith("* OK");
        Socket loggedIn = connect(server.imapAddress());
        assertThat(line(loggedIn)).startsWith("* OK");
        send(loggedIn, "a LOGIN alice " + PASSWORD);
        assertThat(line(loggedIn)).startsWith("a OK");
        Socket younger = connect(server.imapAddress());
        assertThat(line(younger)).startsWith("* OK");

        Socket newcomer = connect(server.imapAddress());
        assertThat(line(newcomer)).startsWith("* OK");
        assertThat(line(oldest)).startsWith("* BYE");
        assertThat(closedByServer(oldest)).isTrue();
        send(newcomer, "a LOGIN alice " + PASSWORD);
        assertThat(line(newcomer)).startsWith("a OK");
        send(loggedIn, "b NOOP");
        assertThat(line(loggedIn)).startsWith("b OK");
        send(younger, "c NOOP");
        assertThat(line(younger)).startsWith("c OK");
    }

    /** When everyone is logged in there is nothing to drop: the new client is told BYE. */
    @Test void fullServerOfLoggedInClientsRefusesTheNewcomer() throws Exception {
        start(config().withMaxConnections(2));
        for (int i = 0; i < 2; i++) {
            Socket s = connect(server.imapAddress());
            assertThat(line(s)).startsWith("* OK");
            send(s, "a LOGIN alice " + PASSWORD);
            assertThat(line(s)).startsWith("a OK");
        }
        assertThat(line(connect(server.imapAddress()))).isEqualTo("* BYE Too many connections, try again later");
    }

    /**
     * Shutdown while an IDLE client has stopped reading and the server is blocked writing updates to it:
     * close() still returns within timeouts.shutdown (plus a margin for the cut connections to end).
     */
    @Test void shutdownFinishesWithANonReadingIdleClient() throws Exception {
        start(config().withShutdownGrace(SHORT));
        UserMail mail = store.mail(store.user("alice").orElseThrow());
        MailboxId inbox = mail.find("INBOX").orElseThrow().id();
        List<NewMessage> messages = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            byte[] m = ("Subject: " + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
            messages.add(new NewMessage(m, Set.of(), Instant.now()));
        }
        List<Long> uids = mail.append(inbox, messages).stream().map(r -> r.uid()).toList();

        Socket s = new Socket();
        clients.add(s);
        s.setReceiveBufferSize(4096);
        s.connect(server.imapAddress(), 5_000);
        s.setSoTimeout(10_000);
        assertThat(line(s)).startsWith("* OK");
        send(s, "a LOGIN alice " + PASSWORD);
        assertThat(line(s)).startsWith("a OK");
        send(s, "b SELECT INBOX");
        for (String l = line(s); !l.startsWith("b "); l = line(s)) {
            // untagged SELECT data
        }
        // Long keywords on every message: about 10 MB of FETCH FLAGS, more than the socket buffers hold, that IDLE must send.
        List<String> keywords = new ArrayList<>();
        for (int k = 0; k < 80; k++) keywords.add("keyword-" + "k".repeat(20) + k);
        mail.updateFlags(inbox, uids, new FlagUpdate(FlagUpdate.Mode.ADD, Set.copyOf(keywords), -1));
        send(s, "c IDLE");
        assertThat(line(s)).startsWith("+");
        // From here the client reads nothing: the server's IDLE updates fill the socket buffers.
        awaitFullReceiveBuffer(s);

        long started = System.nanoTime();
        Thread closer = Thread.ofPlatform().start(server::close);
        closer.join(Duration.ofSeconds(15));
        assertThat(closer.isAlive()).as("shutdown still running after 15 s").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SHORT.plusSeconds(3));
    }

    /** Waits (bounded) until bytes wait unread and their count stops growing: the server is blocked writing. */
    private static void awaitFullReceiveBuffer(Socket s) throws Exception {
        InputStream in = s.getInputStream();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int last = -1;
        while (System.nanoTime() < end) {
            int now = in.available();
            if (now > 0 && now == last) return;
            last = now;
            Thread.sleep(300);
        }
        throw new AssertionError("the server never filled the client's receive buffer");
    }

    /**
     * A line far over its budget ends the connection once it is clearly too long (twice the budget without
     * CRLF), instead of being read to its end before BAD. The line would be 64 MiB; the server stops early.
     */
    @Test void overLongLineDisconnectsEarly() throws Exception {
        start(config());
        Socket s = new Socket();
        clients.add(s);
        s.setSendBufferSize(64 * 1024);
        s.connect(server.imapAddress(), 5_000);
        s.setSoTimeout(10_000);
        assertThat(line(s)).startsWith("* OK");
        long lineBytes = 64L * 1024 * 1024;
        AtomicLong sent = new AtomicLong();
        Thread writer = Thread.ofVirtual().start(() -> {
            byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            try {
                OutputStream out = s.getOutputStream();
                out.write("a NOOP ".getBytes(StandardCharsets.US_ASCII));
                while (sent.get() < lineBytes) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // closed by the server
            }
        });
        String answer = readAnswer(s);
        writer.join(Duration.ofSeconds(20));
        assertThat(writer.isAlive()).isFalse();
        assertThat(answer).as("what the server said about the line").startsWith("* BYE");
        assertThat(sent.get()).as("bytes sent before the server closed").isLessThan(lineBytes / 4);
    }

    /** The first line the server sends after the greeting, or "reset" if the connection was reset first. */
    private static String readAnswer(Socket s) throws IOException {
        try {
            String l = line(s);
            return l == null ? "EOF" : l;
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return "reset";
        }
    }
}
