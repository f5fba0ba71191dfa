package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.SubscriptionsContract;
import satchel.store.MailStore;

class MemorySubscriptionsTest extends SubscriptionsContract {
    @Override
    protected MailStore open(Path dir) {
        return new MemoryMailStore();
    }
}
