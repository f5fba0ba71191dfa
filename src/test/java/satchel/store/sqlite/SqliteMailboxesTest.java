package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.MailboxesContract;
import satchel.store.MailStore;

class SqliteMailboxesTest extends MailboxesContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }
}
