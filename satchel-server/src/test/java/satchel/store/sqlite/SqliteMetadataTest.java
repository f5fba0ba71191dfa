package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.MailStore;
import satchel.store.MetadataContract;

class SqliteMetadataTest extends MetadataContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }
}
