package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.UsersContract;
import satchel.store.MailStore;

class SqliteUsersTest extends UsersContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }
}
