package satchel.ext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import satchel.auth.Passwords;
import satchel.auth.Scram;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;

/** An in-process Satchel (memory store, plain IMAP on an ephemeral loopback port) for extension tests. */
public final class TestServer implements AutoCloseable {
    private final Path dir;
    private final ImapServer server;

    private TestServer(Path dir, ImapServer server) {
        this.dir = dir;
        this.server = server;
    }

    public static TestServer start() throws IOException {
        return start((dir, config) -> config);
    }

    /** The same, with {@code change} applied to the configuration; {@code dir} is the server's data directory. */
    public static TestServer start(java.util.function.BiFunction<Path, ServerConfig, ServerConfig> change)
            throws IOException {
        Path dir = Files.createTempDirectory("satchel-ext");
        var config = ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps(null).withStore("memory");
        return new TestServer(dir, ImapServer.start(change.apply(dir, config)));
    }

    /** A user with a password hash and SCRAM keys, like {@code satchel user add}. */
    public void user(String name, String password) throws Exception {
        server.store().createUser(name, Passwords.hash(password), Scram.storedKeys(password));
    }

    public InetSocketAddress address() {
        return server.imapAddress();
    }

    /** The implicit-TLS listener, when the configuration enabled one. */
    public InetSocketAddress tlsAddress() {
        return server.imapsAddress();
    }

    public int port() {
        return server.imapAddress().getPort();
    }

    @Override public void close() {
        server.close();
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
