package satchel.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.StoreException;
import satchel.store.User;
import satchel.store.UserId;
import satchel.store.UserMail;

/** Accounts only, for auth and server tests that need no mail. Counts lookups. */
public final class FakeUserStore implements MailStore {
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    public final AtomicInteger lookups = new AtomicInteger();
    public volatile boolean closed;

    @Override public Optional<User> user(String name) {
        lookups.incrementAndGet();
        return Optional.ofNullable(users.get(name));
    }

    @Override public User createUser(String name, String passwordHash, String scram) throws StoreException {
        User u = new User(new UserId(ids.incrementAndGet()), name, passwordHash, scram);
        if (users.putIfAbsent(name, u) != null) throw new StoreException(StoreException.Kind.ALREADY_EXISTS, name);
        return u;
    }

    @Override public void updatePassword(String name, String passwordHash, String scram) throws StoreException {
        User old = users.get(name);
        if (old == null) throw new StoreException(StoreException.Kind.NONEXISTENT, name);
        users.put(name, new User(old.id(), name, passwordHash, scram));
    }

    @Override public void deleteUser(String name) {
        users.remove(name);
    }

    @Override public List<User> users() {
        return new ArrayList<>(users.values());
    }

    @Override public UserMail mail(User user) {
        throw new UnsupportedOperationException("no mail in FakeUserStore");
    }

    @Override public AutoCloseable watch(MailboxId mailbox, Runnable doorbell) {
        throw new UnsupportedOperationException("no mail in FakeUserStore");
    }

    @Override public satchel.store.Hold hold(MailboxId mailbox, long modSeq) {
        throw new UnsupportedOperationException("no mail in FakeUserStore");
    }

    @Override public satchel.store.Quota quota(User user) {
        throw new UnsupportedOperationException("no mail in FakeUserStore");
    }

    @Override public void setQuota(User user, satchel.store.QuotaOverride own) {
        throw new UnsupportedOperationException("no mail in FakeUserStore");
    }

    @Override public void close() {
        closed = true;
    }
}
