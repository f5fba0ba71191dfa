package satchel.transcript;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.Passwords;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;
import satchel.session.MetadataPolicy;
import satchel.store.MetadataLimits;

/**
 * The configured annotation limits over the protocol, on the SQLite store: [METADATA MAXSIZE n] for a value over
 * the entry limit, [METADATA TOOMANY] past the count or byte limit with nothing changed (RFC 5464 §4.3),
 * [METADATA NOPRIVATE] when private entries are off, and the configured /shared/admin.
 */
class MetadataLimitsTest {
    @TempDir Path dir;

    private static final String LIMITS = """
            !user alice secret
            !login alice
            C: a1 SETMETADATA INBOX (/shared/comment "0123456789a")
            S: a1 NO [METADATA MAXSIZE 10] *
            C: a2 SETMETADATA INBOX (/shared/a "1" /shared/b "2" /shared/c "3" /shared/d "4")
            S: a2 NO [METADATA TOOMANY] *
            C: a3 GETMETADATA (DEPTH 1) INBOX /shared
            S: * METADATA INBOX (/shared NIL)
            S: a3 OK *
            C: a4 SETMETADATA INBOX (/shared/a "1" /shared/b "2" /shared/c "3")
            S: a4 OK *
            C: a5 SETMETADATA "" (/shared/vendor/x/y "4")
            S: a5 NO [CANNOT] *
            C: a6 SETMETADATA Sent (/shared/comment "0123456789")
            S: a6 NO [METADATA TOOMANY] *
            C: a7 SETMETADATA INBOX (/shared/a NIL /shared/d "4")
            S: a7 OK *
            C: a8 SETMETADATA INBOX (/private/comment "mine")
            S: a8 NO [METADATA NOPRIVATE] *
            C: a9 GETMETADATA "" /shared/admin
            S: * METADATA "" (/shared/admin "mailto:postmaster@example.org")
            S: a9 OK *
            """;

    @Test
    void configuredLimitsAnswerWithTheirCodes() throws Exception {
        MetadataPolicy policy = new MetadataPolicy(new MetadataLimits(10, 3, 60), false,
                Optional.of("mailto:postmaster@example.org"));
        ServerConfig config = ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps(null)
                .withMetadata(policy).withShutdownGrace(Duration.ZERO);
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
            Transcript t = TranscriptParser.parse("metadata-limits", LIMITS, name -> {
                throw new IllegalArgumentException(name);
            });
            new TranscriptRun(t, target, Duration.ofSeconds(10)).run();
        }
    }
}
