package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.AppendContract;
import satchel.store.MailStore;

class PostgresAppendTest extends AppendContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }
}
