package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.AppendContract;
import satchel.store.MailStore;

class MemoryAppendTest extends AppendContract {
    @Override
    protected MailStore open(Path dir) {
        return new MemoryMailStore();
    }
}
