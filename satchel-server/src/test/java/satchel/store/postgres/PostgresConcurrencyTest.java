package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.ConcurrencyContract;
import satchel.store.MailStore;

class PostgresConcurrencyTest extends ConcurrencyContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }
}
