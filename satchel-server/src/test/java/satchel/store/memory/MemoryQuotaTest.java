package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.MailStore;
import satchel.store.MailboxLimits;
import satchel.store.QuotaContract;

class MemoryQuotaTest extends QuotaContract {
    @Override
    protected MailStore open(Path dir, MailboxLimits limits) throws Exception {
        return new MemoryMailStore(limits);
    }
}
