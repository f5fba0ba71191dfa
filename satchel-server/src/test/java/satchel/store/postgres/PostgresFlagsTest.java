package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.FlagsContract;
import satchel.store.MailStore;

class PostgresFlagsTest extends FlagsContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }
}
