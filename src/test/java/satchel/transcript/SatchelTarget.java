package satchel.transcript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import satchel.auth.Passwords;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;

/** A fresh in-process Satchel with a memory store on ephemeral ports; closing it stops the server. */
final class SatchelTarget implements Target {
    private final Path dir;
    private final ImapServer server;

    private SatchelTarget(Path dir, ImapServer server) {
        this.dir = dir;
        this.server = server;
    }

    static SatchelTarget start(boolean implicitTls) throws IOException {
        Path dir = Files.createTempDirectory("satchel-transcript");
        try {
            var config = ServerConfig.defaults(dir).withImap("127.0.0.1:0")
                    .withImaps(implicitTls ? "127.0.0.1:0" : null).withStore("memory");
            return new SatchelTarget(dir, ImapServer.start(config));
        } catch (RuntimeException | IOException e) {
            delete(dir);
            throw e;
        }
    }

    @Override public String kind() { return "satchel"; }

    @Override public InetSocketAddress imap() { return server.imapAddress(); }

    @Override public InetSocketAddress imaps() { return server.imapsAddress(); }

    @Override public Account account(String name, String password) throws Exception {
        server.store().createUser(name, Passwords.hash(password), null);
        return new Account(name, password);
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
            throw new UncheckedIOException(e);
        }
    }
}
