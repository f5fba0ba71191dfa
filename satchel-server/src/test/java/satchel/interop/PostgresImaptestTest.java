package satchel.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.Passwords;
import satchel.auth.Scram;
import satchel.config.ServerConfig;
import satchel.config.StoreChoice;
import satchel.server.ImapServer;
import satchel.store.postgres.PostgresTestServer;

/**
 * The imaptest runs that judge the SQLite store ({@link ImaptestComplianceTest}), unchanged, against the PostgreSQL
 * store (a database lent by the shared test server): every compliance script on one node, and the stress mode
 * against two nodes on one database behind a round-robin TCP proxy. A user's sessions then land on both nodes, so
 * imaptest's state tracker checks that what a client on one node sees (EXISTS, UIDs, flags, expunges) agrees with
 * what clients on the other node did.
 */
class PostgresImaptestTest {
    /** Short enough for CI; longer hand runs with {@code -Dimaptest.pg.secs=N -Dimaptest.pg.clients=N}. */
    private static final int STRESS_SECONDS = Integer.getInteger("imaptest.pg.secs", 20),
            STRESS_CLIENTS = Integer.getInteger("imaptest.pg.clients", 20), STRESS_USERS = STRESS_CLIENTS / 5;

    @TempDir Path tmp;

    @Test void everyScriptPassesOnPostgresAsOnSqlite() throws Exception {
        Imaptest imaptest = Imaptest.find(tmp);
        Imaptest.Compliance onPostgres;
        try (var nodes = Nodes.start(tmp, 1)) {
            nodes.users("testuser", "testuser2");
            onPostgres = imaptest.compliance(nodes.port(0), "testuser", "testuser2");
        }
        assertThat(onPostgres.failed()).as("imaptest scripts failed on PostgreSQL (details above)").isEmpty();
        assertThat(onPostgres.passed()).as("scripts passed").isPositive();
        // A script is skipped for a capability the server does not advertise (or a second user it lacks). The
        // SQLite run passes every script it does not skip; rerunning just the ones skipped here shows that it
        // skips them too, so both stores have the same pass and skip counts without running every script twice.
        try (var sqlite = ImapServer.start(config(tmp.resolve("sqlite")))) {
            for (String name : List.of("testuser", "testuser2")) user(sqlite, name);
            var onSqlite = imaptest.compliance(sqlite.imapAddress().getPort(), "testuser", "testuser2",
                    onPostgres.skipped());
            assertThat(onSqlite.skipped()).as("scripts skipped on SQLite").isEqualTo(onPostgres.skipped());
        }
    }

    @Test void stressAgainstTwoNodesThroughAProxyFindsNoErrors() throws Exception {
        Imaptest imaptest = Imaptest.find(tmp);
        Path mbox = imaptest.mbox(500);
        try (var nodes = Nodes.start(tmp, 2); var proxy = RoundRobinProxy.start(nodes.addresses())) {
            List<String> users = new ArrayList<>();
            for (int i = 1; i <= STRESS_USERS; i++) users.add("user" + i);
            nodes.users(users.toArray(String[]::new));
            assertThat(imaptest.stress(proxy.port(), mbox, STRESS_SECONDS, STRESS_CLIENTS, STRESS_USERS))
                    .as("imaptest Error: lines, by kind").isEmpty();
        }
    }

    /** Plain IMAP on an ephemeral loopback port, limits wide enough for imaptest's clients. */
    private static ServerConfig config(Path dir) {
        return ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps(null).withMaxConnectionsPerIp(500)
                .withMaxConnectionsPerUser(500);
    }

    private static void user(ImapServer server, String name) throws Exception {
        server.store().createUser(name, Passwords.hash(Imaptest.PASSWORD), Scram.storedKeys(Imaptest.PASSWORD));
    }

    /** Satchel nodes on one lent PostgreSQL database, handed back when they are closed. */
    private record Nodes(String url, List<ImapServer> servers) implements AutoCloseable {
        static Nodes start(Path dir, int n) throws Exception {
            var nodes = new Nodes(PostgresTestServer.lend(), new ArrayList<>());
            var store = new StoreChoice.Postgresql(nodes.url, "postgres", null);
            try {
                for (int i = 0; i < n; i++) {
                    nodes.servers.add(ImapServer.start(config(dir.resolve("node" + i)).withStore(store)));
                }
            } catch (Exception e) {
                nodes.close();
                throw e;
            }
            return nodes;
        }

        void users(String... names) throws Exception {
            for (String name : names) user(servers.getFirst(), name);
        }

        int port(int node) {
            return servers.get(node).imapAddress().getPort();
        }

        List<InetSocketAddress> addresses() {
            return servers.stream().map(ImapServer::imapAddress).toList();
        }

        @Override public void close() {
            servers.forEach(ImapServer::close);
            PostgresTestServer.giveBack(url);
        }
    }
}
