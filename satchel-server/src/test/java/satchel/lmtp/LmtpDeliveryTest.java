package satchel.lmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;
import satchel.store.MailStore;
import satchel.store.StoreException;
import satchel.store.memory.MemoryMailStore;

/** LMTP behaviour that a transcript cannot show: what other sessions see, sockets, failures, large messages. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LmtpDeliveryTest {
    private static final String MESSAGE = "From: a@b.example\r\nSubject: hi\r\n\r\nbody\r\n";

    /** The store's doorbell wakes an IDLE session at once: it sees EXISTS without a NOOP. */
    @Test void idleSessionSeesDeliveryAtOnce() throws Exception {
        try (LmtpFixture server = LmtpFixture.start()) {
            server.user("alice", "secret-idle");
            var address = new InetSocketAddress("127.0.0.1", server.imap().getPort());
            try (TestClient imap = TestClient.login(address, "alice", "secret-idle")) {
                assertThat(imap.last("SELECT INBOX")).startsWith("a2 OK");
                imap.send(imap.nextTag() + " IDLE");
                assertThat(imap.line()).startsWith("+");
                try (LmtpClient lmtp = LmtpClient.connect(server.lmtp()).hello()) {
                    assertThat(lmtp.deliver("a@b.example", List.of("alice"), MESSAGE)).singleElement()
                            .asString().startsWith("250 2.0.0");
                }
                imap.timeout(Duration.ofSeconds(5)); // a doorbell, not the 15 s poll: it must come within seconds
                assertThat(imap.line()).isEqualTo("* 1 EXISTS");
            }
        }
    }

    /** Over 256 KiB the message waits in a spool file; it is stored byte for byte (CRLF), and the file goes. */
    @Test void largeMessageIsSpooledAndStoredExactly() throws Exception {
        try (LmtpFixture server = LmtpFixture.start()) {
            server.user("alice");
            StringBuilder body = new StringBuilder("Subject: big\r\n\r\n");
            for (int i = 0; body.length() < 3 << 20; i++) body.append(i % 7 == 0 ? "." : "").append("line ").append(i).append("\r\n");
            try (LmtpClient lmtp = LmtpClient.connect(server.lmtp()).hello()) {
                assertThat(lmtp.deliver("a@b.example", List.of("alice"), body.toString())).singleElement()
                        .asString().startsWith("250 2.0.0");
            }
            String stored = server.messages("alice", "INBOX").getFirst();
            assertThat(stored).endsWith(body.toString());
            try (var files = Files.walk(server.dir.resolve("spool"))) {
                assertThat(files.filter(Files::isRegularFile).toList()).as("spool files left").isEmpty();
            }
        }
    }

    /** A spool that cannot take the message (full disk) is a temporary failure, 452 4.3.1; nothing is stored. */
    @Test void spoolFailureIs452AndStoresNothing() throws Exception {
        try (LmtpFixture server = LmtpFixture.start()) {
            server.user("alice");
            Path spool;
            try (var dirs = Files.list(server.dir.resolve("spool"))) {
                spool = dirs.findFirst().orElseThrow();
            }
            Files.delete(spool);
            Files.writeString(spool, "not a directory"); // every spool file creation now fails, as on a full disk
            String big = "Subject: x\r\n\r\n" + "y".repeat(400_000) + "\r\n";
            try (LmtpClient lmtp = LmtpClient.connect(server.lmtp()).hello()) {
                assertThat(lmtp.deliver("a@b.example", List.of("alice", "alice"), big))
                        .allSatisfy(r -> assertThat(r).startsWith("452 4.3.1"));
                lmtp.send("NOOP");
                assertThat(lmtp.line()).startsWith("250");
            }
            assertThat(server.messages("alice", "INBOX")).isEmpty();
        }
    }

    /**
     * One DATA for three users: three replies (RFC 2033 §4.2), one shared copy with no per-recipient header
     * (as Dovecot), stored once; with one recipient Delivered-To stays.
     */
    @Test void severalRecipientsShareOneCopy() throws Exception {
        try (LmtpFixture server = LmtpFixture.start()) {
            for (String u : List.of("alice", "bob", "carol")) server.user(u);
            try (LmtpClient lmtp = LmtpClient.connect(server.lmtp()).hello()) {
                List<String> replies = lmtp.deliver("a@b.example", List.of("alice", "bob", "carol"), MESSAGE);
                assertThat(replies).hasSize(3);
                assertThat(replies.get(0)).startsWith("250 2.0.0 <alice>");
                assertThat(replies.get(1)).startsWith("250 2.0.0 <bob>");
                assertThat(replies.get(2)).startsWith("250 2.0.0 <carol>");
                assertThat(lmtp.deliver("a@b.example", List.of("alice"), MESSAGE)).singleElement()
                        .asString().startsWith("250 2.0.0");
            }
            String shared = server.messages("alice", "INBOX").getFirst();
            assertThat(server.messages("bob", "INBOX")).containsExactly(shared);
            assertThat(server.messages("carol", "INBOX")).containsExactly(shared);
            assertThat(shared).startsWith("Return-Path: <a@b.example>\r\nReceived: ").doesNotContain("Delivered-To")
                    .doesNotContain("for <").endsWith(MESSAGE);
            assertThat(server.messages("alice", "INBOX").get(1)).contains("Delivered-To: alice\r\n", "\tfor <alice>; ");
            var totals = ((satchel.store.StoreMaintenance) server.store()).totals();
            assertThat(totals.messages()).isEqualTo(4);
            assertThat(totals.blobs()).isEqualTo(2);
        }
    }

    /** The shared store failing: every recipient gets the same 451 4.3.0, and nobody has the message. */
    @Test void storeUnavailableIs451ForEveryRecipient(@TempDir Path dir) throws Exception {
        MailStore real = new MemoryMailStore(satchel.store.MailboxLimits.DEFAULT);
        var config = ServerConfig.defaults(dir).withStore("memory").withImap(null).withImaps(null);
        config = config.withLmtp(config.lmtp().withListen("127.0.0.1:0"));
        try (ImapServer server = ImapServer.start(config, failingDeliveries(real))) {
            real.createUser("alice", "x", null);
            real.createUser("bob", "x", null);
            try (LmtpClient lmtp = LmtpClient.connect(server.lmtpAddress()).hello()) {
                List<String> replies = lmtp.deliver("a@b.example", List.of("alice", "bob"), MESSAGE);
                assertThat(replies).hasSize(2).allSatisfy(r -> assertThat(r).startsWith("451 4.3.0"));
            }
            for (String u : List.of("alice", "bob")) {
                var mail = real.mail(real.user(u).orElseThrow());
                assertThat(mail.status(mail.find("INBOX").orElseThrow().id()).messages()).isZero();
            }
        }
    }

    /** A store whose shared deliveries fail as an unavailable disk or database does. */
    private static MailStore failingDeliveries(MailStore real) {
        InvocationHandler mailStore = (proxy, method, args) -> {
            if (method.getName().equals("deliver")) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "Mail storage I/O error");
            }
            return invoke(method, real, args);
        };
        return (MailStore) Proxy.newProxyInstance(MailStore.class.getClassLoader(), new Class<?>[] {MailStore.class},
                mailStore);
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A Unix domain socket with the configured mode; it is removed at shutdown, and a stale one replaced. */
    @Test void unixSocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("run/lmtp.sock");
        var config = ServerConfig.defaults(dir.resolve("data")).withStore("memory").withImap(null).withImaps(null);
        config = config.withLmtp(config.lmtp().withListen(socket.toString()).withSocketMode("0660"));
        try (ImapServer server = ImapServer.start(config)) {
            server.store().createUser("alice", "x", null);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
            try (LmtpClient lmtp = LmtpClient.connect(socket)) {
                assertThat(lmtp.line()).startsWith("220 ");
                lmtp.send("LHLO local");
                lmtp.reply();
                assertThat(lmtp.deliver("", List.of("alice@anywhere.example"), MESSAGE)).singleElement()
                        .asString().startsWith("250 2.0.0");
            }
            String stored = new String(server.store().mail(server.store().user("alice").orElseThrow())
                    .content(server.store().mail(server.store().user("alice").orElseThrow()).find("INBOX")
                            .orElseThrow().id(), 1), StandardCharsets.UTF_8);
            assertThat(stored).contains("Received: from local (local)").startsWith("Return-Path: <>\r\n");
        }
        assertThat(socket).doesNotExist();
        // A socket file left by a killed server is replaced; a regular file is never deleted.
        try (var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            stale.bind(java.net.UnixDomainSocketAddress.of(socket));
        }
        try (ImapServer server = ImapServer.start(config)) {
            assertThat(server.lmtpListening()).isEqualTo(socket.toString());
        }
        Files.writeString(socket, "precious");
        final var c = config;
        assertThatThrownBy(() -> ImapServer.start(c)).isInstanceOf(IOException.class).hasMessageContaining("not a socket");
        assertThat(Files.readString(socket)).isEqualTo("precious");
    }

    /** LMTP has no authentication: a non-loopback address is refused unless explicitly allowed. */
    @Test void nonLoopbackNeedsExplicitPermission(@TempDir Path dir) throws Exception {
        var config = ServerConfig.defaults(dir).withStore("memory").withImap(null).withImaps(null);
        var open = config.withLmtp(config.lmtp().withListen("0.0.0.0:0"));
        assertThatThrownBy(() -> ImapServer.start(open)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a loopback address").hasMessageContaining("lmtp.allow-non-loopback");
        try (ImapServer server = ImapServer.start(open.withLmtp(open.lmtp().withAllowNonLoopback(true)))) {
            assertThat(server.lmtpAddress().getPort()).isPositive();
        }
    }

    /** The connection limits apply: over the per-address limit a newcomer gets 421, not a session. */
    @Test void connectionLimits() throws Exception {
        try (LmtpFixture server = LmtpFixture.start(c -> c.withMaxConnectionsPerIp(2));
             LmtpClient a = LmtpClient.connect(server.lmtp());
             LmtpClient b = LmtpClient.connect(server.lmtp());
             LmtpClient c = LmtpClient.connect(server.lmtp())) {
            assertThat(a.line()).startsWith("220");
            assertThat(b.line()).startsWith("220");
            assertThat(c.line()).startsWith("421 4.7.0 Too many connections from your address");
            assertThat(c.line()).isNull();
        }
    }

    /** Shutdown ends a session waiting for a command at once, with nothing lost. */
    @Test void shutdownEndsIdleSessions() throws Exception {
        LmtpFixture server = LmtpFixture.start();
        try (LmtpClient lmtp = LmtpClient.connect(server.lmtp()).hello()) {
            long start = System.nanoTime();
            server.close();
            // RFC 5321 §3.8: the server may say 421 before it closes; whether that line is read before the socket
            // goes depends on timing, so both endings are right, but nothing else may come.
            String last = lmtp.line();
            if (last != null) {
                assertThat(last).startsWith("421 4.3.2");
                assertThat(lmtp.line()).isNull();
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
        }
    }
}
