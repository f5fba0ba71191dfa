package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.SubscriptionsContract;
import satchel.store.MailStore;

class PostgresSubscriptionsTest extends SubscriptionsContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }
}
