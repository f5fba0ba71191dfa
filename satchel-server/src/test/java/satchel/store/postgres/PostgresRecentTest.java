package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.RecentContract;
import satchel.store.MailStore;

class PostgresRecentTest extends RecentContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }
}
