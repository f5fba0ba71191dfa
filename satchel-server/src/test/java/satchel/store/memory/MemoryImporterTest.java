package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.ImporterContract;
import satchel.store.MailStore;

class MemoryImporterTest extends ImporterContract {
    @Override
    protected MailStore open(Path dir) {
        return new MemoryMailStore();
    }
}
