package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.DeferredIndexContract;
import satchel.store.MailStore;

class PostgresDeferredIndexTest extends DeferredIndexContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }
}
