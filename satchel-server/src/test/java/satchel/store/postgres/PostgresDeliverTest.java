package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.DeliverContract;
import satchel.store.MailStore;

class PostgresDeliverTest extends DeliverContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }
}
