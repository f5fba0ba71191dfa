package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.MailStore;
import satchel.store.MailboxLimits;
import satchel.store.QuotaContract;

class PostgresQuotaTest extends QuotaContract {
    @Override
    protected MailStore open(Path dir, MailboxLimits limits) throws Exception {
        return PostgresTestServer.open(dir, limits, PostgresMailStore.DEFAULT_GRACE);
    }
}
