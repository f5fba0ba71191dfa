package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.RecentContract;
import satchel.store.MailStore;

class SqliteRecentTest extends RecentContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }
}
