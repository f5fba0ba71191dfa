package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.WatchContract;
import satchel.store.MailStore;

class SqliteWatchTest extends WatchContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }
}
