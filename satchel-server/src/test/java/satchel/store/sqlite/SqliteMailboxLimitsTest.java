package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.MailStore;
import satchel.store.MailboxLimits;
import satchel.store.MailboxLimitsContract;

class SqliteMailboxLimitsTest extends MailboxLimitsContract {
    @Override
    protected MailStore open(Path dir, MailboxLimits limits) throws Exception {
        return SqliteMailStore.open(dir, limits);
    }
}
