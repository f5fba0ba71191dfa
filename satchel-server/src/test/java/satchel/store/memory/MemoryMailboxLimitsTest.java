package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.MailStore;
import satchel.store.MailboxLimits;
import satchel.store.MailboxLimitsContract;

class MemoryMailboxLimitsTest extends MailboxLimitsContract {
    @Override
    protected MailStore open(Path dir, MailboxLimits limits) {
        return new MemoryMailStore(limits);
    }
}
