package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.WatchContract;
import satchel.store.MailStore;

class PostgresWatchTest extends WatchContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }
}
