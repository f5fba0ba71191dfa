package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import satchel.TestClient;
import satchel.auth.Passwords;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;
import satchel.store.MailStore;

/**
 * Two servers on one PostgreSQL database, as two nodes, with alice/secret on both; the clients logged in through
 * {@link #login} are closed with the nodes. {@code tune} changes both nodes' configuration (e.g. connection limits).
 */
final class TwoNodes implements AutoCloseable {
    final ImapServer a;
    final ImapServer b;
    private final List<TestClient> clients = new ArrayList<>();

    TwoNodes(Path dir, MailStore storeA, MailStore storeB, UnaryOperator<ServerConfig> tune) throws Exception {
        a = node(dir.resolve("a"), storeA, tune);
        try {
            b = node(dir.resolve("b"), storeB, tune);
        } catch (Exception | Error e) {
            a.close();
            throw e;
        }
        a.store().createUser("alice", Passwords.hash("secret"), null);
    }

    private static ImapServer node(Path dir, MailStore store, UnaryOperator<ServerConfig> tune) throws Exception {
        return ImapServer.start(tune.apply(ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps(null)), store);
    }

    TestClient login(ImapServer node) throws Exception {
        TestClient c = TestClient.connect(node.imapAddress());
        clients.add(c);
        c.until("* OK");
        assertThat(c.command("l", "LOGIN alice secret").getLast()).startsWith("l OK");
        return c;
    }

    @Override public void close() {
        for (TestClient c : clients) c.close();
        a.close();
        b.close();
    }
}
