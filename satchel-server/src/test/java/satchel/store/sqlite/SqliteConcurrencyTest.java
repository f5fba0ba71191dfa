package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.ConcurrencyContract;
import satchel.store.MailStore;

class SqliteConcurrencyTest extends ConcurrencyContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }
}
