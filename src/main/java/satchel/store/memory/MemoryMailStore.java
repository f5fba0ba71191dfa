package satchel.store.memory;

import java.util.List;
import java.util.Optional;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.User;
import satchel.store.UserMail;

/** STUB so the server branch compiles; the store helper's real class replaces it at merge. */
public final class MemoryMailStore implements MailStore {
    public MemoryMailStore() {
        throw new UnsupportedOperationException("store helper");
    }

    @Override public Optional<User> user(String name) { throw new UnsupportedOperationException(); }

    @Override public User createUser(String name, String passwordHash, String scram) { throw new UnsupportedOperationException(); }

    @Override public void updatePassword(String name, String passwordHash, String scram) { throw new UnsupportedOperationException(); }

    @Override public void deleteUser(String name) { throw new UnsupportedOperationException(); }

    @Override public List<User> users() { throw new UnsupportedOperationException(); }

    @Override public UserMail mail(User user) { throw new UnsupportedOperationException(); }

    @Override public AutoCloseable watch(MailboxId mailbox, Runnable doorbell) { throw new UnsupportedOperationException(); }

    @Override public void close() {}
}
