package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.DeliverContract;
import satchel.store.MailStore;

class MemoryDeliverTest extends DeliverContract {
    @Override
    protected MailStore open(Path dir) {
        return new MemoryMailStore();
    }
}
