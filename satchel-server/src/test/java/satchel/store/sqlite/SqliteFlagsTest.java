package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.FlagsContract;
import satchel.store.MailStore;

class SqliteFlagsTest extends FlagsContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }
}
