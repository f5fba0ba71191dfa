package satchel.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import satchel.TestClient;
import satchel.embedded.ReceivedMessage;
import satchel.embedded.Satchel;

/** The extension as a user of it writes tests: Jakarta Mail over SMTP in, IMAP out, isolation, TLS, IDLE. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SatchelExtensionTest {
    @RegisterExtension
    static SatchelExtension mail = SatchelExtension.perMethod().user("alice", "secret").user("bob", "hunter2");

    private static Session smtpSession(Satchel satchel, Properties extra) {
        Properties p = new Properties();
        p.put("mail.smtp.host", satchel.host());
        p.put("mail.smtp.port", String.valueOf(satchel.smtpPort()));
        p.put("mail.smtp.auth", "true");
        p.put("mail.imap.host", satchel.host());
        p.put("mail.imap.port", String.valueOf(satchel.imapPort()));
        p.putAll(extra);
        return Session.getInstance(p, new jakarta.mail.Authenticator() {
            @Override protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("bob", "hunter2");
            }
        });
    }

    private static MimeMessage message(Session session, String to, String subject) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("bob@localhost"));
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject(subject, "UTF-8");
        m.setText("Hello from the test\n", "UTF-8");
        return m;
    }

    @Test @Order(1)
    void sentOverSmtpIsReadOverImap(Satchel satchel) throws Exception {
        Session session = smtpSession(satchel, new Properties());
        Transport.send(message(session, "alice@localhost", "Grüße aus dem Test"));

        // 250 after DATA means stored: no waiting needed before reading over IMAP.
        try (Store store = session.getStore("imap")) {
            store.connect("alice", "secret");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isEqualTo(1);
            assertThat(inbox.getMessage(1).getSubject()).isEqualTo("Grüße aus dem Test");
            assertThat(inbox.getMessage(1).getContent().toString()).contains("Hello from the test");
            inbox.close();
        }
        ReceivedMessage m = satchel.inbox("alice").messages().getFirst();
        assertThat(m.subject()).isEqualTo("Grüße aus dem Test");
        assertThat(m.header("Received")).hasValueSatisfying(r -> assertThat(r).contains("with ESMTPA"));
        assertThat(m.headers("Delivered-To")).containsExactly("alice@localhost");
        assertThat(m.flags()).doesNotContain("\\Seen");
    }

    @Test @Order(2)
    void eachTestStartsWithEmptyMailboxes() {
        // The test before left a message in alice's INBOX; perMethod purged it.
        assertThat(mail.inbox("alice").messages()).isEmpty();
        mail.deliver("alice", "Subject: second\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(mail.inbox("alice").messages()).extracting(ReceivedMessage::subject).containsExactly("second");
    }

    @Test @Order(3)
    void andTheNextOneToo() {
        assertThat(mail.inbox("alice").messages()).isEmpty();
        assertThat(mail.satchel().users()).containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void idleIsWokenByDelivery(Satchel satchel) throws Exception {
        try (TestClient imap = TestClient.connect(satchel.host(), satchel.imapPort())) {
            imap.until("* OK").getLast();
            imap.send("a LOGIN alice secret");
            imap.until("a OK").getLast();
            imap.send("b SELECT INBOX");
            assertThat(imap.until("* ").getLast()).isNotNull();
            imap.until("b OK").getLast();
            imap.send("c IDLE");
            imap.until("+ ").getLast();
            Thread.ofVirtual().start(() -> satchel.deliver("alice", "Subject: wake\n\nup\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(imap.until("* 1 EXISTS").getLast()).isEqualTo("* 1 EXISTS");
            imap.send("DONE");
            imap.until("c OK").getLast();
        }
        List<ReceivedMessage> got = satchel.inbox("alice").awaitMessages(1, Duration.ofSeconds(5));
        assertThat(got.getFirst().bytes()).asString(StandardCharsets.US_ASCII).endsWith("Subject: wake\r\n\r\nup\r\n");
    }

    @Test
    void awaitIsWokenByTheStoreNotByTheClock(Satchel satchel) {
        var waiter = Thread.ofVirtual().start(() -> satchel.deliver("bob", "Subject: later\r\n\r\nx\r\n".getBytes()));
        List<ReceivedMessage> got = satchel.inbox("bob").awaitMessages(1, Duration.ofSeconds(10));
        assertThat(got).extracting(ReceivedMessage::subject).containsExactly("later");
        assertThat(waiter).isNotNull();
    }

    @Test
    void aMimeMessageGoesToEachLocalRecipient(Satchel satchel) throws Exception {
        MimeMessage m = message(Session.getInstance(new Properties()), "alice@localhost, bob@example.org", "to both");
        assertThat(satchel.deliver(m)).isEqualTo(2);
        assertThat(satchel.inbox("alice").messages()).extracting(ReceivedMessage::subject).containsExactly("to both");
        assertThat(satchel.inbox("bob").messages().getFirst().headers("Delivered-To")).containsExactly("bob@example.org");
        MimeMessage stranger = message(Session.getInstance(new Properties()), "carol@localhost", "nobody");
        assertThatThrownBy(() -> satchel.deliver(stranger)).hasMessageContaining("carol@localhost");
    }

    @Test
    void aTimeoutSaysWhatTheMailboxHeld(Satchel satchel) {
        satchel.deliver("alice", "From: carol@example.org\r\nSubject: the only one\r\n\r\nx\r\n".getBytes());
        assertThatThrownBy(() -> satchel.inbox("alice").awaitMessages(2, Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 2 message(s) in alice/INBOX")
                .hasMessageContaining("holds 1")
                .hasMessageContaining("Subject: the only one")
                .hasMessageContaining("From: carol@example.org");
    }

    @Test
    void aFailingTestShowsTheMailboxes() {
        mail.deliver("bob", "Subject: evidence\r\n\r\nx\r\n".getBytes());
        AssertionError failure = new AssertionError("the test's own failure");
        assertThatThrownBy(() -> mail.handleTestExecutionException(null, failure)).isSameAs(failure);
        assertThat(failure.getSuppressed()).hasSize(1);
        assertThat(failure.getSuppressed()[0].getMessage())
                .contains("bob/INBOX: 1 message(s)", "Subject: evidence", "alice/INBOX: 0 message(s)");
    }

    @Test
    void smtpRefusesWhatIsNotLocal(Satchel satchel) throws Exception {
        try (TestClient smtp = TestClient.connect(satchel.host(), satchel.smtpPort())) {
            assertThat(smtp.line()).startsWith("220 ");
            smtp.send("EHLO client.test");
            assertThat(smtp.until("250 ").getLast()).isNotNull();
            smtp.send("MAIL FROM:<x@elsewhere.example>");
            assertThat(smtp.line()).startsWith("250 ");
            smtp.send("RCPT TO:<nobody@localhost>");
            assertThat(smtp.line()).startsWith("550 5.1.1");
            smtp.send("DATA");
            assertThat(smtp.line()).startsWith("554 ");
            smtp.send("QUIT");
            assertThat(smtp.line()).startsWith("221 ");
        }
        try (Satchel withDomain = Satchel.builder().domain("example.com").user("alice", "pw").imap(0).smtp(0).start();
             TestClient smtp = TestClient.connect(withDomain.host(), withDomain.smtpPort())) {
            smtp.line();
            // PIPELINING (RFC 2920): all at once, the replies in order.
            smtp.write("EHLO client.test\r\nMAIL FROM:<>\r\nRCPT TO:<alice@relay.example>\r\n"
                    + "RCPT TO:<alice@example.com>\r\nDATA\r\n");
            smtp.until("250 ").getLast();
            assertThat(smtp.line()).startsWith("250 2.1.0");
            assertThat(smtp.line()).startsWith("550 5.1.2");
            assertThat(smtp.line()).startsWith("250 2.1.5");
            assertThat(smtp.line()).startsWith("354 ");
            smtp.send("Subject: local\r\n\r\n..dot-stuffed\r\n.");
            assertThat(smtp.line()).startsWith("250 ");
            assertThat(withDomain.inbox("alice").messages().getFirst().body()).isEqualTo(".dot-stuffed\r\n");
        }
    }

    @Test
    void smtpAuthChecksThePassword(Satchel satchel) throws Exception {
        try (TestClient smtp = TestClient.connect(satchel.host(), satchel.smtpPort())) {
            smtp.line();
            smtp.send("EHLO client.test");
            assertThat(smtp.until("250 ").getLast()).isNotNull();
            String bad = java.util.Base64.getEncoder().encodeToString("\0alice\0wrong".getBytes());
            smtp.send("AUTH PLAIN " + bad);
            assertThat(smtp.line()).startsWith("535 5.7.8");
            smtp.send("AUTH LOGIN");
            assertThat(smtp.line()).isEqualTo("334 VXNlcm5hbWU6");
            smtp.send(java.util.Base64.getEncoder().encodeToString("alice".getBytes()));
            assertThat(smtp.line()).isEqualTo("334 UGFzc3dvcmQ6");
            smtp.send(java.util.Base64.getEncoder().encodeToString("secret".getBytes()));
            assertThat(smtp.line()).startsWith("235 2.7.0");
        }
    }

    @Test
    void commandsPipelinedBeforeStartTlsAreDropped(Satchel satchel) throws Exception {
        // CVE-2011-0411: text sent in the clear after STARTTLS must not be answered inside TLS (RFC 3207 §4.2).
        try (Socket raw = new Socket(satchel.host(), satchel.smtpPort())) {
            TestClient clear = TestClient.over(raw);
            clear.line();
            clear.send("EHLO client.test");
            assertThat(clear.until("250 ").getLast()).isNotNull();
            clear.write("STARTTLS\r\nRSET\r\n");
            assertThat(clear.line()).startsWith("220 ");
            SSLSocket tls = (SSLSocket) satchel.sslContext().getSocketFactory()
                    .createSocket(raw, satchel.host(), satchel.smtpPort(), false);
            tls.startHandshake();
            TestClient secure = TestClient.over(tls);
            secure.send("NOOP");
            assertThat(secure.line()).isEqualTo("250 2.0.0 OK"); // not "250 2.0.0 Reset", answering the injected RSET
            secure.send("MAIL FROM:<>");
            assertThat(secure.line()).startsWith("503 "); // EHLO again first: the session started over
            secure.send("EHLO client.test");
            assertThat(secure.until("250 ").getLast()).isEqualTo("250 AUTH PLAIN LOGIN"); // no STARTTLS offered twice
        }
    }

    @Test
    void tlsWithTheHandlesContext(Satchel satchel) throws Exception {
        try (SSLSocket socket = (SSLSocket) satchel.sslContext().getSocketFactory()
                .createSocket(satchel.host(), satchel.imapsPort())) {
            var params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate names 127.0.0.1
            socket.setSSLParameters(params);
            try (TestClient imaps = TestClient.over(socket)) {
                assertThat(imaps.line()).startsWith("* OK");
            }
        }
        assertThat(satchel.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");

        Properties tls = new Properties();
        tls.put("mail.smtp.starttls.enable", "true");
        tls.put("mail.smtp.starttls.required", "true");
        tls.put("mail.smtp.ssl.socketFactory", satchel.sslContext().getSocketFactory());
        tls.put("mail.smtp.ssl.checkserveridentity", "true");
        Session session = smtpSession(satchel, tls);
        Transport.send(message(session, "alice@localhost", "over TLS"));
        ReceivedMessage m = satchel.inbox("alice").messages().getFirst();
        assertThat(m.header("Received")).hasValueSatisfying(r -> assertThat(r).contains("with ESMTPSA"));
    }

    @Test
    void inMemoryWritesNoFiles() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<String> cwdBefore = tree(cwd);
        Set<String> tmpBefore = names(tmp);
        String big = "Subject: big\r\n\r\n" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\r\n".repeat(6000);
        try (Satchel satchel = Satchel.builder().inMemory().user("alice", "secret").user("bob", "hunter2").start()) {
            // Past the 256 KiB a spool on disk would take, over IMAP APPEND and SMTP both.
            try (TestClient imap = TestClient.connect(satchel.host(), satchel.imapPort())) {
                imap.until("* OK").getLast();
                imap.send("a LOGIN alice secret");
                imap.until("a OK").getLast();
                imap.send("b APPEND INBOX {" + big.length() + "}");
                imap.until("+ ").getLast();
                imap.write(big + "\r\n");
                assertThat(imap.until("b ").getLast()).startsWith("b OK");
            }
            Transport.send(message(smtpSession(satchel, new Properties()), "alice@localhost", "small"));
            Session session = smtpSession(satchel, new Properties());
            MimeMessage large = message(session, "alice@localhost", "large");
            large.setText(big, "US-ASCII");
            Transport.send(large);
            assertThat(satchel.inbox("alice").messages()).hasSize(3);
        }
        assertThat(tree(cwd)).isEqualTo(cwdBefore);
        Set<String> created = new TreeSet<>(names(tmp));
        created.removeAll(tmpBefore);
        // Other processes (other test runs) share the temp directory: only names this process's spool (pid-…),
        // a delivery buffer (lmtp-…) or the embedded server would use count.
        long pid = ProcessHandle.current().pid();
        assertThat(created).noneMatch(n -> n.startsWith(pid + "-") || n.startsWith("lmtp-")
                || n.startsWith("satchel-embedded"));
        assertThat(tmp.resolve("satchel-embedded-in-memory")).doesNotExist();
    }

    /** Every path under {@code root} except the build's own output. */
    private static Set<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString())
                    .filter(p -> !p.startsWith("target") && !p.startsWith(".git"))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}
