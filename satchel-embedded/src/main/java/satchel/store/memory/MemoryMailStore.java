package satchel.store.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import satchel.mime.MessageStructure;
import satchel.store.AppendResult;
import satchel.store.Doorbells;
import satchel.store.Flags;
import satchel.store.Hold;
import satchel.store.Holds;
import satchel.store.MailStore;
import satchel.store.MailboxLimits;
import satchel.store.MailboxId;
import satchel.store.MailboxNames;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.UidValidity;
import satchel.store.User;
import satchel.store.UserId;
import satchel.store.UserMail;

/**
 * A complete mail store in memory, with the same semantics as the SQLite one: for tests, and for embedding in
 * other projects' tests. Thread-safe: one read-write lock guards all state; doorbells ring after it is released.
 * Nothing survives {@link #close}.
 */
public final class MemoryMailStore implements MailStore, satchel.store.StoreMaintenance {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Doorbells doorbells = new Doorbells();
    private final Holds holds = new Holds(this::purge);
    private final Duration grace;
    final MailboxLimits limits;
    // All below guarded by lock.
    private final Map<String, User> users = new TreeMap<>();
    final Map<Long, Box> boxes = new HashMap<>();
    /** Per user: mailboxes by name, sorted, so a name's inferiors are one sub-map. */
    final Map<Long, TreeMap<String, Box>> byUser = new HashMap<>();
    final Map<Long, TreeSet<String>> subscriptions = new HashMap<>();
    /** RFC 5464 annotations: per user on the server, per mailbox id (dropped with the mailbox). */
    final Map<Long, TreeMap<String, byte[]>> serverMetadata = new HashMap<>();
    final Map<Long, TreeMap<String, byte[]>> mailboxMetadata = new HashMap<>();
    private long nextUserId = 1;
    private long nextMailboxId = 1;
    /** Per user: the last UIDVALIDITY issued, so one user's values never show another's CREATEs. */
    private final Map<Long, Long> lastUidValidity = new HashMap<>();
    private boolean closed;
    /** Users' own quota limits; usage is the sum of their boxes' counters. */
    private final Map<Long, satchel.store.QuotaOverride> quotas = new HashMap<>();
    /** RFC 8474: threads by Message-ID, and the key of this store's ids (it lives as long as the mail). */
    final MemoryThreads threads = new MemoryThreads();
    final satchel.store.ObjectIds objectIds = new satchel.store.ObjectIds(satchel.store.ObjectIds.newKey());

    public MemoryMailStore() {
        this(MailboxLimits.DEFAULT, DEFAULT_GRACE);
    }

    /** {@code grace}: how long an expunged message stays readable for a reader that never catches up. */
    public MemoryMailStore(Duration grace) {
        this(MailboxLimits.DEFAULT, grace);
    }

    /** A store whose users' mailbox trees are bounded by {@code limits}. */
    public MemoryMailStore(MailboxLimits limits) {
        this(limits, DEFAULT_GRACE);
    }

    public MemoryMailStore(MailboxLimits limits, Duration grace) {
        this.limits = limits;
        this.grace = grace;
    }

    /** How long expunged data outlives its expunge at most, for readers that never catch up (as for SQLite). */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    /** A unit of work under the lock; it adds the mailboxes whose doorbells should ring to {@code ring}. */
    interface Op<T> {
        T run(Set<MailboxId> ring) throws StoreException;
    }

    <T> T write(Op<T> op) throws StoreException {
        Set<MailboxId> ring = new LinkedHashSet<>();
        T result;
        lock.writeLock().lock();
        try {
            ensureOpen();
            result = op.run(ring);
        } finally {
            lock.writeLock().unlock();
        }
        doorbells.ring(ring); // outside the lock: a listener may call straight back in
        return result;
    }

    <T> T read(Op<T> op) throws StoreException {
        lock.readLock().lock();
        try {
            ensureOpen();
            return op.run(new LinkedHashSet<>());
        } finally {
            lock.readLock().unlock();
        }
    }

    private void ensureOpen() throws StoreException {
        if (closed) throw new StoreException(Kind.UNAVAILABLE, "Mail store is closed");
    }

    /** One blob for all the copies, all stored under one lock hold or none (every target is checked first). */
    @Override
    public List<AppendResult> deliver(List<Target> targets, NewMessage message) throws StoreException {
        byte[] bytes = message.content().clone();
        Box.Blob blob = Box.Blob.of(bytes);
        Set<String> flags = Flags.normalize(message.flags());
        java.time.Instant date = message.internalDate() == null ? java.time.Instant.now() : message.internalDate();
        return write(ring -> {
            List<Box> to = new ArrayList<>(targets.size());
            for (Target t : targets) {
                Box b = boxes.get(t.mailbox().value());
                if (b == null || b.userId != t.user().id().value()) {
                    throw new StoreException(Kind.NONEXISTENT, "No such mailbox");
                }
                if (!b.selectable) throw new StoreException(Kind.CANNOT, "Mailbox is not selectable");
                to.add(b);
            }
            // Every copy is checked before any is stored: all or none, as in the SQL stores' one transaction.
            Map<Long, Long> copies = new HashMap<>();
            for (Box b : to) copies.merge(b.userId, 1L, Long::sum);
            for (var e : copies.entrySet()) charge(e.getKey(), bytes.length * e.getValue(), e.getValue());
            List<AppendResult> out = new ArrayList<>(to.size());
            for (Box b : to) {
                out.add(b.appendShared(blob, flags, date, threads));
                ring.add(b.id);
            }
            return out;
        });
    }

    /** Adds a selectable mailbox with a fresh id and UIDVALIDITY. Caller holds the write lock. */
    Box addBox(long userId, String name, Set<String> specialUse) {
        long uidValidity = UidValidity.next(lastUidValidity.getOrDefault(userId, 0L));
        lastUidValidity.put(userId, uidValidity);
        Box box = new Box(new MailboxId(nextMailboxId++), userId, name, uidValidity, specialUse);
        boxes.put(box.id.value(), box);
        byUser.computeIfAbsent(userId, _ -> new TreeMap<>()).put(name, box);
        return box;
    }

    /** An imported UIDVALIDITY: later ones for this user must be above it. Caller holds the write lock. */
    void raiseUidValidity(long userId, long uidValidity) {
        lastUidValidity.merge(userId, uidValidity, Math::max);
    }

    /** A fresh UIDVALIDITY for the user, as {@link #addBox} takes one. Caller holds the write lock. */
    long nextUidValidity(long userId) {
        long v = UidValidity.next(lastUidValidity.getOrDefault(userId, 0L));
        lastUidValidity.put(userId, v);
        return v;
    }

    /** A hold on the mailbox advanced or closed: drop what it alone kept. */
    private void purge(MailboxId mailbox) {
        lock.writeLock().lock();
        try {
            Box b = boxes.get(mailbox.value());
            if (b != null) purge(b, System.currentTimeMillis() - grace.toMillis());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Drops retained expunged data that no hold covers any more, or that is older than the grace period, in every
     * mailbox. The caller holds the write lock.
     */
    void purgeLocked() {
        long expired = System.currentTimeMillis() - grace.toMillis();
        for (Box b : boxes.values()) purge(b, expired);
    }

    private void purge(Box b, long expiredBefore) {
        if (b.retained.isEmpty()) return;
        long floor = holds.floor(b.id);
        b.retained.values().removeIf(r -> r.modSeq() <= floor || r.expungedAtMillis() < expiredBefore);
    }

    /** The user's quota from the boxes' counters. Caller holds the lock. */
    private satchel.store.Quota quotaLocked(long userId) {
        long bytes = 0, count = 0;
        for (Box b : byUser.getOrDefault(userId, new TreeMap<>()).values()) {
            bytes += b.bytes;
            count += b.messages.size();
        }
        satchel.store.QuotaOverride own = quotas.getOrDefault(userId, satchel.store.QuotaOverride.NONE);
        return new satchel.store.Quota(limits.quota().with(own), own, bytes, count);
    }

    /** Refuses adding {@code addBytes} in {@code addMessages} messages over the user's quota. Caller holds the write lock. */
    void charge(long userId, long addBytes, long addMessages) throws StoreException {
        satchel.store.Quota q = quotaLocked(userId);
        satchel.store.Quota.check(q.limits(), q.storageBytes(), q.messages(), addBytes, addMessages);
    }

    @Override
    public satchel.store.Quota quota(User user) throws StoreException {
        return read(_ -> quotaLocked(user.id().value()));
    }

    @Override
    public void setQuota(User user, satchel.store.QuotaOverride own) throws StoreException {
        write(_ -> {
            if (!byUser.containsKey(user.id().value())) throw new StoreException(Kind.NONEXISTENT, "No such user");
            if (own.equals(satchel.store.QuotaOverride.NONE)) quotas.remove(user.id().value());
            else quotas.put(user.id().value(), own);
            return null;
        });
    }

    void removeBox(Box box) {
        boxes.remove(box.id.value());
        mailboxMetadata.remove(box.id.value());
        byUser.get(box.userId).remove(box.name);
    }

    @Override
    public Optional<User> user(String name) throws StoreException {
        return read(_ -> Optional.ofNullable(users.get(name)));
    }

    @Override
    public User createUser(String name, String passwordHash, String scram) throws StoreException {
        if (name == null || name.isEmpty()) throw new StoreException(Kind.CANNOT, "User name is empty");
        return write(_ -> {
            if (users.containsKey(name)) throw new StoreException(Kind.ALREADY_EXISTS, "User already exists");
            User user = new User(new UserId(nextUserId++), name, passwordHash, scram);
            users.put(name, user);
            TreeSet<String> subs = subscriptions.computeIfAbsent(user.id().value(), _ -> new TreeSet<>());
            for (MailboxNames.Default d : MailboxNames.DEFAULTS) {
                addBox(user.id().value(), d.name(), d.specialUse() == null ? Set.of() : Set.of(d.specialUse()));
                subs.add(d.name());
            }
            return user;
        });
    }

    @Override
    public void updatePassword(String name, String passwordHash, String scram) throws StoreException {
        write(_ -> {
            User old = users.get(name);
            if (old == null) throw new StoreException(Kind.NONEXISTENT, "No such user");
            users.put(name, new User(old.id(), name, passwordHash, scram));
            return null;
        });
    }

    @Override
    public void deleteUser(String name) throws StoreException {
        write(ring -> {
            User user = users.remove(name);
            if (user == null) throw new StoreException(Kind.NONEXISTENT, "No such user");
            TreeMap<String, Box> owned = byUser.remove(user.id().value());
            if (owned != null) {
                for (Box b : owned.values()) {
                    boxes.remove(b.id.value());
                    mailboxMetadata.remove(b.id.value());
                    ring.add(b.id);
                }
            }
            subscriptions.remove(user.id().value());
            quotas.remove(user.id().value());
            threads.forget(user.id().value());
            serverMetadata.remove(user.id().value());
            lastUidValidity.remove(user.id().value()); // user ids are never reused
            return null;
        });
    }

    @Override
    public List<User> users() throws StoreException {
        return read(_ -> new ArrayList<>(users.values()));
    }

    @Override
    public UserMail mail(User user) {
        return new MemoryUserMail(this, user.id().value());
    }

    @Override
    public satchel.store.Importer importer(User user) {
        return new MemoryImporter(this, user.id().value());
    }

    @Override
    public AutoCloseable watch(MailboxId mailbox, Runnable doorbell) {
        return doorbells.watch(mailbox, doorbell);
    }

    /** Every change is made in this object and rings as its write returns. */
    @Override
    public boolean ringsBeforeReturning() {
        return true;
    }

    @Override
    public Hold hold(MailboxId mailbox, long modSeq) {
        return holds.open(mailbox, modSeq);
    }

    @Override
    public Totals totals() throws StoreException {
        return new MemoryMaintenance(this).totals();
    }

    @Override
    public Report check(boolean repair, Progress progress) throws StoreException {
        return new MemoryMaintenance(this).check(repair, progress);
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
