package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.CopyMoveContract;
import satchel.store.MailStore;

class PostgresCopyMoveTest extends CopyMoveContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }
}
