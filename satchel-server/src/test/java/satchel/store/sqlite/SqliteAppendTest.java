package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.AppendContract;
import satchel.store.MailStore;

class SqliteAppendTest extends AppendContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }
}
