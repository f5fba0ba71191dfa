package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import satchel.store.AppendResult;
import satchel.store.Doorbells;
import satchel.store.Hold;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.MailboxLimits;
import satchel.store.MailboxNames;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.StoreMaintenance;
import satchel.store.User;
import satchel.store.UserId;
import satchel.store.UserMail;

/**
 * The mail store on an SQL database, the same code for every {@link Dialect}: accounts, mailboxes, messages and
 * maintenance. Thread-safe; an operation that returned has committed. Backends ({@code SqliteMailStore},
 * {@code PostgresMailStore}) only choose the dialect and how to reach the database.
 */
public class SqlMailStore implements MailStore, StoreMaintenance {
    /** How long an expunged message stays readable at most for a session that never catches up. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    private final Database db;
    private final Doorbells doorbells;
    private final Contents contents;
    private final RetainedPurge purge;
    private final MailboxLimits limits;
    /** Null on a store opened only to read: its owner indexes. */
    private final SearchIndexer indexer;
    private final RenderedBackfill backfill;
    /** APPENDs into one mailbox sharing a transaction, where statements cross a network (PostgreSQL). */
    private final AppendBatches batches;
    private final ChangeReads changeReads;

    /** Opens {@code dialect}'s database (migrating it) and drops what expunged data an earlier run retained. */
    protected SqlMailStore(Dialect dialect, MailboxLimits limits, Duration grace) throws SQLException, StoreException {
        this(new Doorbells(), dialect, limits, grace);
    }

    private SqlMailStore(Doorbells doorbells, Dialect dialect, MailboxLimits limits, Duration grace)
            throws SQLException, StoreException {
        this(doorbells, dialect.open(doorbells), limits, grace);
    }

    /** On a database already open; {@code doorbells} are the ones its writes ring. */
    protected SqlMailStore(Doorbells doorbells, Database db, MailboxLimits limits, Duration grace)
            throws StoreException {
        this.doorbells = doorbells;
        this.db = db;
        this.limits = limits;
        this.indexer = db.readOnly() ? null : new SearchIndexer(db, db.dialect().fullText());
        this.contents = new Contents(new DatabaseBlobs(), db.dialect().fullText(),
                indexer == null ? Contents.Fresh.NONE : indexer::fresh, db.dialect().deflatesSearchText());
        try {
            // Read-only: what an earlier run retained stays until the owner's next start-up drops it.
            if (!db.dialect().sharedByNodes() && !db.readOnly()) RetainedPurge.all(db, contents);
        } catch (StoreException | RuntimeException e) {
            db.close();
            throw e;
        }
        this.purge = new RetainedPurge(db, contents, grace);
        this.backfill = db.readOnly() ? null : new RenderedBackfill(db);
        this.batches = PipelinedAppend.applies(db.dialect(), contents) ? new AppendBatches(db, contents) : null;
        // Its one statement takes arrays, as PostgreSQL does: where each statement crosses a network.
        this.changeReads = db.dialect().writableCtes() ? new ChangeReads(db) : null;

    }

    /**
     * Messages the full-text index has not taken in yet (SEARCH scans them directly, so results are complete
     * meanwhile); a metric of how far the background indexer lags.
     */
    @Override
    public long unindexedMessages() throws StoreException {
        return indexer == null ? 0 : indexer.lag();
    }

    /** For tests and tools: waits until every message is in the full-text index; false on timeout. */
    public boolean awaitIndexed(Duration timeout) throws StoreException, InterruptedException {
        return indexer == null || indexer.awaitIndexed(timeout);
    }

    /** For tests: how many batches the background indexer has written since the store was opened. */
    long indexerWrites() {
        return indexer == null ? 0 : indexer.writes();
    }

    /** For tests: holds the background indexer (new mail stays unindexed, and is scanned) or lets it go. */
    public void pauseIndexer(boolean pause) {
        if (indexer != null) indexer.pause(pause);
    }

    private volatile satchel.store.ObjectIds objectIds;

    /** The RFC 8474 key the migration wrote, read on first use. */
    private satchel.store.ObjectIds objectIds() throws StoreException {
        satchel.store.ObjectIds ids = objectIds;
        if (ids == null) objectIds = ids = db.read(tx -> ObjectRows.ids(tx.c()));
        return ids;
    }

    /** The write path, for backend-specific tests and tools. */
    protected Database database() {
        return db;
    }

    @Override
    public Optional<User> user(String name) throws StoreException {
        return db.read(tx -> find(tx.c(), name));
    }

    private static Optional<User> find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, password_hash, scram FROM users WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readUser(rs)) : Optional.empty();
            }
        }
    }

    private static User readUser(ResultSet rs) throws SQLException {
        return new User(new UserId(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4));
    }

    @Override
    public User createUser(String name, String passwordHash, String scram) throws StoreException {
        if (name == null || name.isEmpty()) throw new StoreException(Kind.CANNOT, "User name is empty");
        return db.write(tx -> {
            Connection c = tx.c();
            if (find(c, name).isPresent()) throw new StoreException(Kind.ALREADY_EXISTS, "User already exists");
            long id;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO users (name, password_hash, scram) VALUES (?, ?, ?) RETURNING id")) {
                ps.setString(1, name);
                ps.setString(2, passwordHash);
                ps.setString(3, scram);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            for (MailboxNames.Default d : MailboxNames.DEFAULTS) {
                Mailboxes.insert(c, id, d.name(), d.specialUse() == null ? Set.of() : Set.of(d.specialUse()));
                Mailboxes.subscribe(c, id, d.name(), true);
            }
            return new User(new UserId(id), name, passwordHash, scram);
        });
    }

    @Override
    public void updatePassword(String name, String passwordHash, String scram) throws StoreException {
        db.write(tx -> {
            try (PreparedStatement ps = tx.c().prepareStatement(
                    "UPDATE users SET password_hash = ?, scram = ? WHERE name = ?")) {
                ps.setString(1, passwordHash);
                ps.setString(2, scram);
                ps.setString(3, name);
                if (ps.executeUpdate() == 0) throw new StoreException(Kind.NONEXISTENT, "No such user");
            }
            return null;
        });
    }

    @Override
    public void deleteUser(String name) throws StoreException {
        db.write(tx -> {
            Connection c = tx.c();
            User user = find(c, name).orElseThrow(() -> new StoreException(Kind.NONEXISTENT, "No such user"));
            long id = user.id().value();
            Mailboxes.requireUser(tx, id); // locks the account where writers run concurrently
            for (MailboxRow row : Mailboxes.all(c, id)) tx.ring().add(row.mailboxId());
            Set<Long> blobs = MessageWrites.blobsOf(c, "user_id = ?", id);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate(); // cascades to mailboxes, messages, tombstones, keywords, subscriptions
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM counters WHERE name = ?")) {
                ps.setString(1, Mailboxes.counterName(id)); // user ids are never reused (AUTOINCREMENT)
                ps.executeUpdate();
            }
            contents.dropUnused(c, blobs);
            return null;
        });
    }

    @Override
    public List<User> users() throws StoreException {
        return db.read(tx -> {
            try (PreparedStatement ps = tx.c().prepareStatement(
                    "SELECT id, name, password_hash, scram FROM users ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                List<User> out = new ArrayList<>();
                while (rs.next()) out.add(readUser(rs));
                return out;
            }
        });
    }

    @Override
    public UserMail mail(User user) {
        return new SqlUserMail(db, contents, user.id().value(), limits, purge, signals(), this::objectIds, batches,
                changeReads);
    }

    /**
     * One blob, with its structure and search text, for every copy: one transaction stores it and a messages row
     * per target, each at its mailbox's next UID and modseq. The index row is the first target user's; the other
     * users' searches take messages whose blob they do not own as candidates (see {@link FullTextIndex}).
     */
    @Override
    public List<AppendResult> deliver(List<Target> targets, NewMessage message) throws StoreException {
        if (targets.isEmpty()) return List.of();
        // Prepared on the caller's thread, once for all the copies.
        Prepared p = Prepared.of(message, contents);
        List<AppendResult> results = db.writeGrowing(tx -> {
            // Lock the mailboxes in one order (by id), so two deliveries to the same users cannot deadlock.
            for (long id : new TreeSet<>(targets.stream().map(t -> t.mailbox().value()).toList())) {
                Target t = targets.stream().filter(x -> x.mailbox().value() == id).findFirst().orElseThrow();
                Mailboxes.selectable(tx, t.user().id().value(), id);
            }
            long blobId = contents.store(tx.c(), List.of(p))[0];
            List<AppendResult> out = new ArrayList<>(targets.size());
            for (Target t : targets) {
                // Read again for each copy: two targets may name one mailbox (user and user+unknown-detail).
                MailboxRow box = Mailboxes.selectable(tx, t.user().id().value(), t.mailbox().value());
                Quotas.charge(tx.c(), t.user().id().value(), Quotas.Delta.NONE.plus(p.content().length), limits.quota());
                tx.ring().add(t.mailbox());
                out.add(MessageWrites.appendStored(tx.c(), box, p, blobId));
            }
            return out;
        }, p.size());
        for (Target t : targets) signals().signal(t.mailbox(), 1);
        return results;
    }

    @Override
    public satchel.store.Quota quota(User user) throws StoreException {
        return db.read(tx -> Quotas.read(tx.c(), user.id().value(), limits.quota()));
    }

    @Override
    public void setQuota(User user, satchel.store.QuotaOverride own) throws StoreException {
        db.write(tx -> {
            Mailboxes.requireUser(tx, user.id().value());
            Quotas.set(tx.c(), user.id().value(), own);
            return null;
        });
    }

    @Override
    public satchel.store.Importer importer(User user) {
        return new SqlImporter(db, contents, user.id().value(), limits, signals());
    }

    @Override
    public AutoCloseable watch(MailboxId mailbox, Runnable doorbell) {
        return doorbells.watch(mailbox, doorbell);
    }

    @Override
    public Hold hold(MailboxId mailbox, long modSeq) {
        return purge.holds().open(mailbox, modSeq);
    }

    @Override
    public Totals totals() throws StoreException {
        return new SqlMaintenance(db, contents).totals();
    }

    @Override
    public Report check(boolean repair, Progress progress) throws StoreException {
        return new SqlMaintenance(db, contents).check(repair, progress);
    }

    /** Where writes report mailboxes with new mail: the indexer, or nobody on a read-only store. */
    private SearchIndexer.Signal signals() {
        return indexer == null ? (_, _) -> {} : indexer::signal;
    }

    @Override
    public void close() {
        if (indexer != null) indexer.close();
        if (backfill != null) backfill.close();
        purge.close();
        db.close();
    }
}
