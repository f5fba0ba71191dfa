package satchel.interop;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.Passwords;
import satchel.auth.Scram;
import satchel.config.ServerConfig;
import satchel.config.StoreChoice;
import satchel.server.ImapServer;
import satchel.store.postgres.PostgresTestServer;

/**
 * UIDPLUS, MOVE and IDLE through Angus Mail on the PostgreSQL store (a new database per test on the shared server).
 * Started by hand: the public builder offers memory and SQLite stores only.
 */
class PostgresExtAngusMailTest extends ExtAngusMailTest {
    @TempDir Path dir;

    @Override Server newServer() throws Exception {
        var config = ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps(null)
                .withStore(new StoreChoice.Postgresql(PostgresTestServer.url(dir), "postgres", null));
        ImapServer server = ImapServer.start(config);
        try {
            server.store().createUser("alice", Passwords.hash("secret"), Scram.storedKeys("secret"));
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return new Server(server.imapAddress().getPort(), server);
    }
}
