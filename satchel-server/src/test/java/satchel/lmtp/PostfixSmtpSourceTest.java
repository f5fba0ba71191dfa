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
 * Postfix's own LMTP client and load generator, {@code smtp-source -L} (Debian package postfix), against Satchel:
 * parallel sessions, several messages per connection, several recipients per message, over TCP and a Unix socket.
 * Every message it counts as sent must be in the mailbox. Skipped where Postfix is not installed.
 */
class PostfixSmtpSourceTest {
    private static final String SMTP_SOURCE = "/usr/sbin/smtp-source";

    @Test void tcpParallelSessionsSeveralRecipients() throws Exception {
        assumeTrue(ExternalProcess.available(SMTP_SOURCE), "Postfix smtp-source not installed");
        try (LmtpFixture server = LmtpFixture.start()) {
            // With -r N, smtp-source numbers the recipients: 1alice@…, 2alice@….
            for (String u : List.of("alice", "1alice", "2alice")) server.user(u);
            // 3 sessions, 30 messages of 4000 bytes, 2 recipients each: one reply per recipient after the dot.
            var p = ExternalProcess.run(List.of(SMTP_SOURCE, "-L", "-d", "-s", "3", "-m", "30", "-l", "4000", "-r", "2",
                    "-f", "sender@example.net", "-t", "alice@example.org", "-M", "mx.example.net",
                    "127.0.0.1:" + server.lmtp().getPort()), "", 120);
            assertThat(p.exit()).as(p.output()).isZero();
            List<String> stored = new java.util.ArrayList<>();
            for (String u : List.of("alice", "1alice", "2alice")) stored.addAll(server.messages(u, "INBOX"));
            // Several recipients share one copy, so it names none of them (as Dovecot's LMTP does): no
            // Delivered-To, no "for <…>" in Received.
            assertThat(stored).hasSize(60).allSatisfy(m -> assertThat(m)
                    .startsWith("Return-Path: <sender@example.net>\r\nReceived: from mx.example.net (127.0.0.1)")
                    .doesNotContain("Delivered-To:").doesNotContain("for <"));
        }
    }

    @Test void unixSocket(@TempDir Path dir) throws Exception {
        assumeTrue(ExternalProcess.available(SMTP_SOURCE), "Postfix smtp-source not installed");
        Path socket = dir.resolve("lmtp");
        var config = ServerConfig.defaults(dir.resolve("data")).withImap(null).withImaps(null);
        try (ImapServer server = ImapServer.start(config.withLmtp(config.lmtp().withListen(socket.toString())))) {
            server.store().createUser("alice", "x", null);
            var p = ExternalProcess.run(List.of(SMTP_SOURCE, "-L", "-s", "2", "-m", "10", "-l", "1000",
                    "-t", "alice@example.org", "unix:" + socket), "", 120);
            assertThat(p.exit()).as(p.output()).isZero();
            var mail = server.store().mail(server.store().user("alice").orElseThrow());
            assertThat(mail.status(mail.find("INBOX").orElseThrow().id()).messages()).isEqualTo(10);
        }
    }
}
