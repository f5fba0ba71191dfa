package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.MailStore;
import satchel.store.MailboxLimits;
import satchel.store.MailboxLimitsContract;

class PostgresMailboxLimitsTest extends MailboxLimitsContract {
    @Override
    protected MailStore open(Path dir, MailboxLimits limits) throws Exception {
        return PostgresTestServer.open(dir, limits, PostgresMailStore.DEFAULT_GRACE);
    }
}
