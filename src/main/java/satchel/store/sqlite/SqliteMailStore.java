package satchel.store.sqlite;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import satchel.store.Doorbells;
import satchel.store.Hold;
import satchel.store.MailStore;
import satchel.store.MailboxLimits;
import satchel.store.PrivateFiles;
import satchel.store.MailboxId;
import satchel.store.MailboxNames;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.User;
import satchel.store.UserId;
import satchel.store.UserMail;

/**
 * The embedded default store: one SQLite database ({@code satchel.db}, WAL, synchronous=FULL) in a data
 * directory. Thread-safe; an operation that returned is durable. Only one process should open a directory at a
 * time for writing (SQLite would serialise them, but doorbells are in-process only).
 */
public final class SqliteMailStore implements MailStore, satchel.store.StoreMaintenance {
    static final String FILE_NAME = "satchel.db";

    /** How long an expunged message stays readable at most for a session that never catches up. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    private final Database db;
    private final Doorbells doorbells = new Doorbells();
    private final RetainedPurge purge;
    private final MailboxLimits limits;

    private SqliteMailStore(Path file, SqliteDialect dialect, MailboxLimits limits, long reserveBytes, Duration grace)
            throws SQLException, StoreException {
        this.db = new Database(file, dialect, doorbells, reserveBytes);
        this.limits = limits;
        try {
            RetainedPurge.all(db);
        } catch (StoreException | RuntimeException e) {
            db.close();
            throw e;
        }
        this.purge = new RetainedPurge(db, grace);
    }

    /** Opens (creating if needed) the store in {@code dataDir}, migrating its schema to the current version. */
    public static SqliteMailStore open(Path dataDir) throws StoreException {
        return open(dataDir, MailboxLimits.DEFAULT);
    }

    /** The same, with the given bounds on each user's mailbox tree. */
    public static SqliteMailStore open(Path dataDir, MailboxLimits limits) throws StoreException {
        return open(dataDir, new SqliteDialect(), limits);
    }

    static SqliteMailStore open(Path dataDir, SqliteDialect dialect) throws StoreException {
        return open(dataDir, dialect, MailboxLimits.DEFAULT);
    }

    static SqliteMailStore open(Path dataDir, SqliteDialect dialect, MailboxLimits limits) throws StoreException {
        return open(dataDir, dialect, limits, DiskReserve.DEFAULT_BYTES);
    }

    /** {@code grace}: how long expunged data stays readable for sessions that do not catch up (tests shorten it). */
    static SqliteMailStore open(Path dataDir, SqliteDialect dialect, Duration grace) throws StoreException {
        return open(dataDir, dialect, MailboxLimits.DEFAULT, DiskReserve.DEFAULT_BYTES, grace);
    }

    static SqliteMailStore open(Path dataDir, SqliteDialect dialect, MailboxLimits limits, long reserveBytes)
            throws StoreException {
        return open(dataDir, dialect, limits, reserveBytes, DEFAULT_GRACE);
    }

    /** {@code reserveBytes}: room kept back so mail can be deleted on a full disk ({@link DiskReserve}). */
    static SqliteMailStore open(Path dataDir, SqliteDialect dialect, MailboxLimits limits, long reserveBytes,
                                Duration grace) throws StoreException {
        try {
            // SQLite makes its -wal and -shm files with the database file's mode, so a 0600 database made here
            // keeps them private too; existing ones (from before, or another umask) are tightened.
            PrivateFiles.directory(dataDir);
            PrivateFiles.file(dataDir.resolve(FILE_NAME));
            for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
                PrivateFiles.tighten(dataDir.resolve(FILE_NAME + suffix));
            }
        } catch (IOException e) {
            throw new StoreException(Kind.UNAVAILABLE, "Cannot create the data directory", e);
        }
        try {
            return new SqliteMailStore(dataDir.resolve(FILE_NAME), dialect, limits, reserveBytes, grace);
        } catch (SQLException e) {
            throw dialect.translate(e);
        }
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
            MessageWrites.dropUnusedBlobs(c, blobs);
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
        return new SqliteUserMail(db, user.id().value(), limits, purge);
    }

    @Override
    public satchel.store.Importer importer(User user) {
        return new SqliteImporter(db, user.id().value(), limits);
    }

    @Override
    public AutoCloseable watch(MailboxId mailbox, Runnable doorbell) {
        return doorbells.watch(mailbox, doorbell);
    }

    @Override
    public Hold hold(MailboxId mailbox, long modSeq) {
        return purge.holds().open(mailbox, modSeq);
    }

    /** For tests: one purge pass now, as the purge thread would run it. */
    void purgeRetained() throws StoreException {
        purge.purge();
    }

    @Override
    public Totals totals() throws StoreException {
        return new SqliteMaintenance(db).totals();
    }

    @Override
    public Report check(boolean repair, Progress progress) throws StoreException {
        return new SqliteMaintenance(db).check(repair, progress);
    }

    @Override
    public void close() {
        purge.close();
        db.close();
    }
}
