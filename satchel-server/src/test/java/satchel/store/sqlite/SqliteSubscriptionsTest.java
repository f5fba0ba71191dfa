package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.SubscriptionsContract;
import satchel.store.MailStore;

class SqliteSubscriptionsTest extends SubscriptionsContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }
}
