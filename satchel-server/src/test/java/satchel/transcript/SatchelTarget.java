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

    /** The lent PostgreSQL database, or null. */
    private final String database;

    private SatchelTarget(Path dir, ImapServer server, String database) {
        this.dir = dir;
        this.server = server;
        this.database = database;
    }

    static SatchelTarget start(boolean implicitTls) throws IOException {
        Path dir = Files.createTempDirectory("satchel-transcript");
        String database = TargetStore.current().equals("postgresql") ? PostgresTestServer.lend() : null;
        try {
            var config = ServerConfig.defaults(dir).withImap("127.0.0.1:0")
                    .withImaps(implicitTls ? "127.0.0.1:0" : null).withStore(store(database));
            return new SatchelTarget(dir, ImapServer.start(config), database);
        } catch (RuntimeException | IOException e) {
            delete(dir);
            throw e;
        }
    }

    /**
     * {@link TargetStore}: {@code memory} (default), {@code sqlite}, or {@code postgresql} (an empty database on the
     * shared test server) — the same transcripts against each backend.
     */
    private static StoreChoice store(String database) {
        return switch (TargetStore.current()) {
            case "postgresql" -> new StoreChoice.Postgresql(database, "postgres", null);
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

    @Override public void quota(String name, String storage, String messages) throws Exception {
        var store = server.store();
        store.setQuota(store.user(name).orElseThrow(), new satchel.store.QuotaOverride(
                java.util.Optional.of(satchel.config.QuotaValues.storage(storage)),
                java.util.Optional.of(satchel.config.QuotaValues.messages(messages))));
    }

    @Override public void close() {
        try {
            server.close();
            if (database != null) PostgresTestServer.giveBack(database);
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
