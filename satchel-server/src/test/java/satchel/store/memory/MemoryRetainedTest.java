package satchel.store.memory;

import java.nio.file.Path;
import java.time.Duration;
import satchel.store.MailStore;
import satchel.store.RetainedContract;

class MemoryRetainedTest extends RetainedContract {
    @Override
    protected MailStore open(Path dir) {
        return new MemoryMailStore();
    }

    @Override
    protected MailStore openWithGrace(Path dir, Duration grace) {
        return new MemoryMailStore(grace);
    }
}
