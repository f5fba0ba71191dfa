package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.MailStore;
import satchel.store.ObjectsContract;

class PostgresObjectsTest extends ObjectsContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }
}
