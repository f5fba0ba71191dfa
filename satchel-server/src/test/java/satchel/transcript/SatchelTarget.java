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
import satchel.config.StoreChoice;
import satchel.server.ImapServer;
import satchel.store.postgres.PostgresTestServer;

/** A fresh in-process Satchel (memory store unless told otherwise) on ephemeral ports; closing it stops the server. */
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
                    .withImaps(implicitTls ? "127.0.0.1:0" : null).withStore(store(dir));
            return new SatchelTarget(dir, ImapServer.start(config));
        } catch (RuntimeException | IOException e) {
            delete(dir);
            throw e;
        }
    }

    /**
     * System property {@code transcript.store}: {@code memory} (default), {@code sqlite}, or {@code postgresql} (a
     * fresh database on the shared test server) — the same transcripts against each backend.
     */
    private static StoreChoice store(Path dir) {
        return switch (System.getProperty("transcript.store", "memory")) {
            case "postgresql" -> new StoreChoice.Postgresql(PostgresTestServer.url(dir), "postgres", null);
            case "sqlite" -> new StoreChoice.Sqlite();
            default -> new StoreChoice.Memory();
        };
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
