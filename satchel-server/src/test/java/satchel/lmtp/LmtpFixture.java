package satchel.lmtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;
import satchel.store.MailboxInfo;
import satchel.store.MessageMeta;
import satchel.store.StoreException;
import satchel.store.User;
import satchel.store.UserMail;

/** An in-process server with LMTP (and IMAP) on ephemeral loopback ports, a store to look into, and clean-up. */
final class LmtpFixture implements AutoCloseable {
    /** A stand-in password hash: these users never log in over IMAP unless {@link #user(String, String)} is used. */
    private static final String NO_LOGIN = "$argon2id$v=19$m=16,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    final Path dir;
    final ImapServer server;

    private LmtpFixture(Path dir, ImapServer server) {
        this.dir = dir;
        this.server = server;
    }

    /** SQLite in a temporary directory (the real store: durable, spool on disk), LMTP on TCP. */
    static LmtpFixture start() throws IOException {
        return start(c -> c);
    }

    static LmtpFixture start(java.util.function.UnaryOperator<ServerConfig> tweak) throws IOException {
        Path dir = Files.createTempDirectory("satchel-lmtp");
        var config = ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps(null);
        config = tweak.apply(config.withLmtp(config.lmtp().withListen("127.0.0.1:0")));
        try {
            return new LmtpFixture(dir, ImapServer.start(config));
        } catch (IOException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    InetSocketAddress lmtp() { return server.lmtpAddress(); }

    InetSocketAddress imap() { return server.imapAddress(); }

    User user(String name) throws StoreException {
        return server.store().createUser(name, NO_LOGIN, null);
    }

    User user(String name, String password) throws StoreException {
        return server.store().createUser(name, satchel.auth.Passwords.hash(password), null);
    }

    UserMail mail(String user) throws StoreException {
        return server.store().mail(server.store().user(user).orElseThrow());
    }

    satchel.store.MailStore store() {
        return server.store();
    }

    /** The messages of a mailbox, oldest first, as stored. */
    List<String> messages(String user, String mailbox) throws StoreException {
        UserMail mail = mail(user);
        MailboxInfo box = mail.find(mailbox).orElseThrow();
        List<String> out = new ArrayList<>();
        for (MessageMeta m : mail.snapshot(box.id()).messages()) {
            out.add(new String(mail.content(box.id(), m.uid()), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override public void close() {
        try {
            server.close();
        } finally {
            delete(dir);
        }
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
