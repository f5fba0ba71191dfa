package satchel.interop;

import satchel.config.StoreChoice;
import satchel.ext.TestServer;
import satchel.store.postgres.PostgresTestServer;

/** UIDPLUS, MOVE and IDLE through Angus Mail on the PostgreSQL store (a new database per test on the shared server). */
class PostgresExtAngusMailTest extends ExtAngusMailTest {
    @Override TestServer newServer() throws Exception {
        return TestServer.start((dir, config) -> config.withStore(
                new StoreChoice.Postgresql(PostgresTestServer.url(dir), "postgres", null)));
    }
}
