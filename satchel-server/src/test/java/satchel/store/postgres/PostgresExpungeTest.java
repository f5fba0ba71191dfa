package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.ExpungeContract;
import satchel.store.MailStore;

class PostgresExpungeTest extends ExpungeContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }
}
