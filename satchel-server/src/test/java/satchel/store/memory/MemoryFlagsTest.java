package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.FlagsContract;
import satchel.store.MailStore;

class MemoryFlagsTest extends FlagsContract {
    @Override
    protected MailStore open(Path dir) {
        return new MemoryMailStore();
    }
}
