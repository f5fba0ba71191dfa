package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.DeferredIndexContract;
import satchel.store.MailStore;

class SqliteDeferredIndexTest extends DeferredIndexContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }
}
