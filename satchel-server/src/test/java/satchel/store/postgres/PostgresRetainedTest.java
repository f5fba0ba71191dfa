package satchel.store.postgres;

import java.nio.file.Path;
import java.time.Duration;
import satchel.store.MailStore;
import satchel.store.MailboxLimits;
import satchel.store.RetainedContract;

class PostgresRetainedTest extends RetainedContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }

    @Override
    protected MailStore openWithGrace(Path dir, Duration grace) throws Exception {
        return PostgresTestServer.open(dir, MailboxLimits.DEFAULT, grace);
    }
}
