package satchel.store.memory;

import java.nio.file.Path;
import satchel.store.UsersContract;
import satchel.store.MailStore;

class MemoryUsersTest extends UsersContract {
    @Override
    protected MailStore open(Path dir) {
        return new MemoryMailStore();
    }
}
