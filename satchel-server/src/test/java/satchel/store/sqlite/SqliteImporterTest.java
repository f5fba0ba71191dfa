package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.ImporterContract;
import satchel.store.MailStore;

class SqliteImporterTest extends ImporterContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }
}
