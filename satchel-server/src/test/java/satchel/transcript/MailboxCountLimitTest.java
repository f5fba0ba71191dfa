package satchel.transcript;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.Passwords;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;
import satchel.store.MailboxLimits;

/**
 * limits.mailboxes-per-user over the protocol, on the SQLite store: the CREATE that would pass the limit,
 * superiors included, is NO [LIMIT] (RFC 5530 §3) and creates nothing; RENAME within the limit still works.
 */
class MailboxCountLimitTest {
    @TempDir Path dir;

    private static final String TRANSCRIPT = """
            !user alice secret
            !login alice
            # 6 default mailboxes; the limit is 8: a/b/c would make 9.
            C: a1 CREATE a/b/c
            S: a1 NO [LIMIT] *
            C: a2 LIST "" a*
            S: a2 OK *
            C: a3 CREATE a/b
            S: a3 OK *
            C: a4 CREATE c
            S: a4 NO [LIMIT] *
            C: a5 RENAME a/b a/d
            S: a5 OK *
            C: a6 RENAME a/d x/d
            S: a6 NO [LIMIT] *
            C: a7 LIST "" %/%
            S: * LIST (\\HasNoChildren) "/" a/d
            S: a7 OK *
            """;

    @Test
    void createPastTheMailboxCountIsLimitAndCreatesNothing() throws Exception {
        ServerConfig config = ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps(null)
                .withMailboxLimits(new MailboxLimits(255, 16, 8)).withShutdownGrace(Duration.ZERO);
        try (ImapServer server = ImapServer.start(config)) {
            Target target = new Target() {
                @Override public String kind() { return "satchel"; }
                @Override public InetSocketAddress imap() { return server.imapAddress(); }
                @Override public InetSocketAddress imaps() { return null; }
                @Override public Account account(String name, String password) throws Exception {
                    server.store().createUser(name, Passwords.hash(password), null);
                    return new Account(name, password);
                }
                @Override public void close() {}
            };
            Transcript t = TranscriptParser.parse("mailbox-count-limit", TRANSCRIPT, name -> {
                throw new IllegalArgumentException(name);
            });
            new TranscriptRun(t, target, Duration.ofSeconds(10)).run();
        }
    }
}
