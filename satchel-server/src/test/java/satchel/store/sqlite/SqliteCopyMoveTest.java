package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.CopyMoveContract;
import satchel.store.MailStore;

class SqliteCopyMoveTest extends CopyMoveContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }
}
