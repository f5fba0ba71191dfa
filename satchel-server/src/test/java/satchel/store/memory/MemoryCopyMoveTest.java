package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.CopyMoveContract;
import satchel.store.MailStore;

class MemoryCopyMoveTest extends CopyMoveContract {
    @Override
    protected MailStore open(Path dir) {
        return new MemoryMailStore();
    }
}
