package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.MailStore;
import satchel.store.MailboxLimits;
import satchel.store.QuotaContract;

class SqliteQuotaTest extends QuotaContract {
    @Override
    protected MailStore open(Path dir, MailboxLimits limits) throws Exception {
        return SqliteMailStore.open(dir, limits);
    }
}
