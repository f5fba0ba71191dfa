package satchel.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.Passwords;
import satchel.auth.Scram;
import satchel.bench.FreePort;
import satchel.config.ServerConfig;
import satchel.config.StoreChoice;
import satchel.interop.Imaptest;
import satchel.interop.RoundRobinProxy;
import satchel.server.ImapServer;

/**
 * A hand run, not part of {@code ./mvnw test} (it takes minutes and its outcome is read, not asserted whole):
 * imaptest's stress mode through a round-robin proxy in front of two nodes on one PostgreSQL while node A (a
 * separate JVM) is killed with SIGKILL and, later, PostgreSQL itself restarts. Clients of the killed node see their
 * connection close and reconnect through the proxy to node B; during the database outage commands get
 * {@code NO [UNAVAILABLE]}. What imaptest reports is printed by kind: disconnects and NO replies are expected,
 * a state-tracking error (a flag, UID or expunge that contradicts what clients did) would be wrong data. Run with
 * {@code -Dtest=PostgresFaultsImaptestRun -Dimaptest.faults=true} ({@code -Dimaptest.faults.secs=N}, default 90).
 * PostgreSQL here is one of its own: the shared test server must not restart under other tests.
 */
@EnabledIfSystemProperty(named = "imaptest.faults", matches = "true")
class PostgresFaultsImaptestRun {
    private static final int CLIENTS = 20, USERS = 4;

    @TempDir Path tmp;

    @Test void stressThroughKillNineAndDatabaseRestart() throws Exception {
        int secs = Integer.getInteger("imaptest.faults.secs", 90);
        Imaptest imaptest = Imaptest.find(tmp);
        Path mbox = imaptest.mbox(500);
        int pgPort = FreePort.find();
        EmbeddedPostgres pg = postgres(pgPort);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE satchel");
        }
        String url = "postgresql://localhost:" + pgPort + "/satchel";
        Path conf = Files.writeString(tmp.resolve("node.conf"), "store = postgresql\nstore.url = " + url
                + "\nstore.user = postgres\nlimits.max-connections-per-ip = 500\n"
                + "limits.max-connections-per-user = 500\n");
        var config = ServerConfig.defaults(tmp.resolve("b")).withImap("127.0.0.1:0").withImaps(null)
                .withMaxConnectionsPerIp(500).withMaxConnectionsPerUser(500)
                .withStore(new StoreChoice.Postgresql(url, "postgres", null));
        try (ImapServer nodeB = ImapServer.start(config);
             ServerProcess nodeA = new ServerProcess(Files.createDirectories(tmp.resolve("a")), FreePort.find(),
                     List.of("--config", conf.toString()))) {
            for (int i = 1; i <= USERS; i++) {
                nodeB.store().createUser("user" + i, Passwords.hash(Imaptest.PASSWORD),
                        Scram.storedKeys(Imaptest.PASSWORD));
            }
            nodeA.start();
            try (var proxy = RoundRobinProxy.start(List.of(new InetSocketAddress("127.0.0.1", nodeA.port()),
                    nodeB.imapAddress()))) {
                var stress = CompletableFuture.supplyAsync(() -> {
                    try {
                        return imaptest.stress(proxy.port(), mbox, secs, CLIENTS, USERS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(secs * 250L);
                log("kill -9 node A");
                nodeA.kill();
                Thread.sleep(secs * 250L);
                log("PostgreSQL stops");
                pg.close();
                Thread.sleep(5_000);
                pg = postgres(pgPort);
                log("PostgreSQL is back");
                Map<String, Integer> errors = stress.join();
                log("imaptest done: " + errors.values().stream().mapToInt(Integer::intValue).sum() + " Error: lines");
            }
            // Service resumed without restarting node B: a short clean run against it alone finds nothing wrong.
            log("after the faults: 10 s against node B");
            assertThat(imaptest.stress(nodeB.imapAddress().getPort(), mbox, 10, CLIENTS, USERS))
                    .as("imaptest Error: lines on node B after the faults").isEmpty();
        } finally {
            pg.close();
        }
    }

    private static void log(String event) {
        System.out.println("[faults " + java.time.Instant.now() + "] " + event);
    }

    private EmbeddedPostgres postgres(int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(tmp.resolve("pgdata")).setCleanDataDirectory(false)
                .setPort(port).setPGStartupWait(Duration.ofSeconds(60)).setServerConfig("fsync", "off").start();
    }
}
