package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.MailStore;
import satchel.store.MetadataContract;

class MemoryMetadataTest extends MetadataContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return new MemoryMailStore();
    }
}
