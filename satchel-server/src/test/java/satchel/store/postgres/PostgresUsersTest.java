package satchel.store.postgres;

import java.nio.file.Path;
import satchel.store.UsersContract;
import satchel.store.MailStore;

class PostgresUsersTest extends UsersContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }
}
