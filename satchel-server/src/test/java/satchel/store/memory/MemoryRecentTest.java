package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.RecentContract;
import satchel.store.MailStore;

class MemoryRecentTest extends RecentContract {
    @Override
    protected MailStore open(Path dir) {
        return new MemoryMailStore();
    }
}
