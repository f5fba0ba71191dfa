package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import satchel.store.Limit;
import satchel.store.Quota;
import satchel.store.QuotaLimits;
import satchel.store.QuotaOverride;
import satchel.store.StoreException;

/**
 * SQL on {@code quota}: one row per user with the usage counters and the user's own limits. Writes change the
 * counters in their own transaction, so usage is never recomputed on the write path. The counter row is updated
 * with one upsert that also returns the limits, and it stays locked to the end of the transaction where writers
 * run concurrently (PostgreSQL), so two APPENDs cannot both take the last slot; it is the last row a write locks
 * (after its mailboxes), which keeps the lock order the same everywhere.
 *
 * <p>Limit columns: NULL follows the configured default, -1 is "unlimited", otherwise the limit (bytes, messages).
 */
final class Quotas {
    private Quotas() {}

    /** Usage as a write would add it: bytes (RFC822.SIZE) and messages, either may be negative. */
    record Delta(long bytes, long messages) {
        static final Delta NONE = new Delta(0, 0);

        Delta plus(long size) { return new Delta(bytes + size, messages + 1); }

        Delta plus(Delta d) { return new Delta(bytes + d.bytes, messages + d.messages); }

        Delta negate() { return new Delta(-bytes, -messages); }
    }

    /** Adds {@code d} to the user's counters, refusing (OVER_QUOTA, rolled back with the write) what would go over. */
    static void charge(Connection c, long userId, Delta d, QuotaLimits defaults) throws SQLException, StoreException {
        check(add(c, userId, d, defaults), d);
    }

    /** Refuses (OVER_QUOTA) a charge of {@code d} that left the counters at {@code after}. */
    static void check(Quota after, Delta d) throws StoreException {
        Quota.check(after.limits(), after.storageBytes() - d.bytes(), after.messages() - d.messages(), d.bytes(),
                d.messages());
    }

    /** Adds {@code d} to the counters without checking limits: expunges, deletions, imports by the administrator. */
    static void count(Connection c, long userId, Delta d) throws SQLException {
        if (d.bytes() != 0 || d.messages() != 0) add(c, userId, d, QuotaLimits.UNLIMITED);
    }

    private static Quota add(Connection c, long userId, Delta d, QuotaLimits defaults) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO quota (user_id, storage_used, messages_used)"
                + " VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
                + " storage_used = quota.storage_used + excluded.storage_used,"
                + " messages_used = quota.messages_used + excluded.messages_used"
                + " RETURNING storage_used, messages_used, storage_limit, messages_limit")) {
            ps.setLong(1, userId);
            ps.setLong(2, d.bytes());
            ps.setLong(3, d.messages());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return quota(rs, defaults);
            }
        }
    }

    /** Creates the user's row if missing and locks it to the end of the transaction (where writers are concurrent). */
    static void lock(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO quota (user_id, storage_used, messages_used)"
                + " VALUES (?, 0, 0) ON CONFLICT (user_id) DO UPDATE SET storage_used = quota.storage_used")) {
            ps.setLong(1, userId);
            ps.executeUpdate();
        }
    }

    static Quota read(Connection c, long userId, QuotaLimits defaults) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT storage_used, messages_used, storage_limit,"
                + " messages_limit FROM quota WHERE user_id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? quota(rs, defaults) : new Quota(defaults, QuotaOverride.NONE, 0, 0);
            }
        }
    }

    static void set(Connection c, long userId, QuotaOverride own) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO quota (user_id, storage_used, messages_used,"
                + " storage_limit, messages_limit) VALUES (?, 0, 0, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
                + " storage_limit = excluded.storage_limit, messages_limit = excluded.messages_limit")) {
            ps.setLong(1, userId);
            column(ps, 2, own.storage());
            column(ps, 3, own.messages());
            ps.executeUpdate();
        }
    }

    /** Usage recomputed from the messages themselves, for every user (the migration and {@code satchel check}). */
    static final String RECOUNT = "SELECT u.id AS id, COALESCE(SUM(m.size), 0) AS bytes, COUNT(m.uid) AS messages"
            + " FROM users u"
            + " LEFT JOIN mailboxes b ON b.user_id = u.id LEFT JOIN messages m ON m.mailbox_id = b.id GROUP BY u.id";

    /** The first four columns: storage_used, messages_used, storage_limit, messages_limit. */
    static Quota quota(ResultSet rs, QuotaLimits defaults) throws SQLException {
        QuotaOverride own = new QuotaOverride(limit(rs, 3), limit(rs, 4));
        return new Quota(defaults.with(own), own, rs.getLong(1), rs.getLong(2));
    }

    private static Optional<Limit> limit(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        if (rs.wasNull()) return Optional.empty();
        return Optional.of(v < 0 ? Limit.UNLIMITED : new Limit.AtMost(v));
    }

    private static void column(PreparedStatement ps, int i, Optional<Limit> l) throws SQLException {
        if (l.isEmpty()) {
            ps.setNull(i, Types.BIGINT);
            return;
        }
        ps.setLong(i, switch (l.get()) {
            case Limit.Unlimited _ -> -1;
            case Limit.AtMost(long v) -> v;
        });
    }
}
