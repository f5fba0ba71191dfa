package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.MailboxesContract;
import satchel.store.MailStore;

class MemoryMailboxesTest extends MailboxesContract {
    @Override
    protected MailStore open(Path dir) {
        return new MemoryMailStore();
    }
}
