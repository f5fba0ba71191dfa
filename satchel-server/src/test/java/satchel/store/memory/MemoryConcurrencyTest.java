package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.ConcurrencyContract;
import satchel.store.MailStore;

class MemoryConcurrencyTest extends ConcurrencyContract {
    @Override
    protected MailStore open(Path dir) {
        return new MemoryMailStore();
    }
}
