package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.MailStore;
import satchel.store.ObjectsContract;

class MemoryObjectsTest extends ObjectsContract {
    @Override
    protected MailStore open(Path dir) {
        return new MemoryMailStore();
    }
}
