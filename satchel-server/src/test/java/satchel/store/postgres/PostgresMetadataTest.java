package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.MailStore;
import satchel.store.MetadataContract;

class PostgresMetadataTest extends MetadataContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }
}
