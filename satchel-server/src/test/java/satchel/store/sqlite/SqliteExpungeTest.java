package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.ExpungeContract;
import satchel.store.MailStore;

class SqliteExpungeTest extends ExpungeContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }
}
