package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.ExpungeContract;
import satchel.store.MailStore;

class MemoryExpungeTest extends ExpungeContract {
    @Override
    protected MailStore open(Path dir) {
        return new MemoryMailStore();
    }
}
