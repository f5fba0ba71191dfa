package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.MailboxesContract;
import satchel.store.MailStore;

class PostgresMailboxesTest extends MailboxesContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }
}
