package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.WatchContract;
import satchel.store.MailStore;

class MemoryWatchTest extends WatchContract {
    @Override
    protected MailStore open(Path dir) {
        return new MemoryMailStore();
    }
}
