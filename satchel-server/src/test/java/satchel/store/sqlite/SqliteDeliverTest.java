package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.DeliverContract;
import satchel.store.MailStore;

class SqliteDeliverTest extends DeliverContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }
}
