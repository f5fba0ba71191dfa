package satchel.lmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;

/**
 * Python's {@code smtplib.LMTP}, a client we did not write, over TCP and over a Unix socket (skipped without
 * python3). smtplib reads one reply after the dot, so each message has one recipient; a refused recipient
 * raises SMTPRecipientsRefused with our 550 5.1.1.
 */
class PythonLmtpTest {
    private static final String SCRIPT = """
            import smtplib, sys
            host, port = sys.argv[1], int(sys.argv[2])
            c = smtplib.LMTP(host, port) if port else smtplib.LMTP(host)
            code, msg = c.ehlo_or_helo_if_needed() or (0, b'')
            print('esmtp', sorted(c.esmtp_features))
            msg = b'From: py@example.org\\r\\nSubject: from python\\r\\n\\r\\n.starts with a dot\\r\\nbody\\r\\n'
            print('refused', c.sendmail('py@example.org', ['alice@example.org'], msg))
            try:
                c.sendmail('py@example.org', ['nobody@example.org'], msg)
            except smtplib.SMTPRecipientsRefused as e:
                print('rejected', e.recipients['nobody@example.org'][0], e.recipients['nobody@example.org'][1].decode())
            print('noop', c.noop()[0])
            c.quit()
            """;

    @Test void tcp() throws Exception {
        assumeTrue(ExternalProcess.available("python3"), "python3 not installed");
        try (LmtpFixture server = LmtpFixture.start()) {
            server.user("alice");
            check(run("127.0.0.1", server.lmtp().getPort()));
            assertThat(server.messages("alice", "INBOX")).singleElement().asString()
                    .contains("Delivered-To: alice@example.org\r\n")
                    .endsWith("Subject: from python\r\n\r\n.starts with a dot\r\nbody\r\n");
        }
    }

    @Test void unixSocket(@TempDir Path dir) throws Exception {
        assumeTrue(ExternalProcess.available("python3"), "python3 not installed");
        Path socket = dir.resolve("lmtp");
        var config = ServerConfig.defaults(dir.resolve("data")).withStore("memory").withImap(null).withImaps(null);
        try (ImapServer server = ImapServer.start(config.withLmtp(config.lmtp().withListen(socket.toString())))) {
            server.store().createUser("alice", "x", null);
            check(run(socket.toString(), 0));
            var mail = server.store().mail(server.store().user("alice").orElseThrow());
            assertThat(mail.status(mail.find("INBOX").orElseThrow().id()).messages()).isOne();
        }
    }

    private static ExternalProcess run(String host, int port) throws Exception {
        return ExternalProcess.run(List.of("python3", "-c", SCRIPT, host, Integer.toString(port)), "", 60);
    }

    private static void check(ExternalProcess p) {
        assertThat(p.exit()).as(p.output()).isZero();
        assertThat(p.output()).contains("'8bitmime'", "'chunking'", "'enhancedstatuscodes'", "'pipelining'", "'size'")
                .contains("refused {}")
                .contains("rejected 550 5.1.1 <nobody@example.org>: no such user here")
                .contains("noop 250");
    }
}
