package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.UidValidity;

/** SQL on {@code mailboxes} and {@code subscriptions}. Every lookup by id also checks the owner. */
final class Mailboxes {
    private Mailboxes() {}

    /** The user's mailbox; a foreign or unknown id is NONEXISTENT, never a hint that it exists. */
    static MailboxRow owned(Database.Tx tx, long userId, long id) throws SQLException, StoreException {
        // In a write, the row stays locked to the end: UIDs and modseqs are allocated from it, so concurrent
        // writers of one mailbox take turns and commit in the order of the numbers they took.
        try (PreparedStatement ps = tx.c().prepareStatement("SELECT " + MailboxRow.COLUMNS
                + " FROM mailboxes m WHERE m.id = ? AND m.user_id = ?" + tx.lockRows())) {
            ps.setLong(1, id);
            ps.setLong(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new StoreException(Kind.NONEXISTENT, "No such mailbox");
                return MailboxRow.read(rs);
            }
        }
    }

    /** Creating names for an account deleted meanwhile would only trip the foreign key; say what happened. */
    static void requireUser(Database.Tx tx, long userId) throws SQLException, StoreException {
        // Locked in a write: changes to one user's tree take turns, so the tree rules see a stable tree.
        try (PreparedStatement ps = tx.c().prepareStatement("SELECT 1 FROM users WHERE id = ?" + tx.lockRows())) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new StoreException(Kind.NONEXISTENT, "No such user");
            }
        }
    }

    static MailboxRow selectable(Database.Tx tx, long userId, long id) throws SQLException, StoreException {
        MailboxRow row = owned(tx, userId, id);
        if (!row.selectable()) throw new StoreException(Kind.CANNOT, "Mailbox is not selectable");
        return row;
    }

    static Optional<MailboxRow> byName(Connection c, long userId, String name) throws SQLException {
        List<MailboxRow> rows = query(c, "m.user_id = ? AND m.name = ?", userId, name);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    /** All the user's mailboxes, sorted by name as Java compares strings (the memory store's order). */
    static List<MailboxRow> all(Connection c, long userId) throws SQLException {
        List<MailboxRow> rows = query(c, "m.user_id = ?", userId);
        rows.sort(Comparator.comparing(MailboxRow::name));
        return rows;
    }

    /**
     * Names strictly below {@code name}: those in ["name/", "name0"), since '0' follows '/' and the comparison
     * is binary (UTF-8 in SQLite; {@link Dialect#nameType} makes it so in PostgreSQL).
     */
    static List<MailboxRow> inferiors(Connection c, long userId, String name) throws SQLException {
        return query(c, "m.user_id = ? AND m.name >= ? AND m.name < ?", userId, name + "/", name + "0");
    }

    private static List<MailboxRow> query(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + MailboxRow.COLUMNS + " FROM mailboxes m WHERE " + where)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                List<MailboxRow> out = new ArrayList<>();
                while (rs.next()) out.add(MailboxRow.read(rs));
                return out;
            }
        }
    }

    /** Inserts a selectable, empty mailbox with a fresh UIDVALIDITY; returns its id. */
    static long insert(Connection c, long userId, String name, Set<String> specialUse) throws SQLException {
        long uidValidity = nextUidValidity(c, userId);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO mailboxes (user_id, name, uidvalidity, uidnext,"
                + " highestmodseq, first_recent_uid, selectable, special_use) VALUES (?, ?, ?, 1, 1, 1, 1, ?)"
                + " RETURNING id")) {
            ps.setLong(1, userId);
            ps.setString(2, name);
            ps.setLong(3, uidValidity);
            ps.setString(4, String.join(" ", new TreeSet<>(specialUse)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static long count(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM mailboxes WHERE user_id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Whether any name is strictly below {@code name}, without reading them all (DELETE asks only this). */
    static boolean hasInferiors(Connection c, long userId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM mailboxes WHERE user_id = ? AND name >= ? AND name < ? LIMIT 1")) {
            ps.setLong(1, userId);
            ps.setString(2, name + "/");
            ps.setString(3, name + "0");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Persisted per user, so a re-created name never gets an old value, even after a restart with the clock set
     * back; and per user, so the values one user sees do not move with other users' CREATEs (one global counter
     * told everyone how many mailboxes the others made). A user without a counter yet starts above the old global
     * one, which bounds every value issued before counters were per user.
     */
    private static long nextUidValidity(Connection c, long userId) throws SQLException {
        String name = counterName(userId);
        long last = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM counters WHERE name IN (?, 'uidvalidity')"
                + " ORDER BY name = 'uidvalidity' LIMIT 1")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) last = rs.getLong(1);
            }
        }
        long next = UidValidity.next(last);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO counters (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, name);
            ps.setLong(2, next);
            ps.executeUpdate();
        }
        return next;
    }

    static String counterName(long userId) {
        return "uidvalidity/" + userId;
    }

    static void update(Connection c, String setClause, long id, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE mailboxes SET " + setClause + " WHERE id = ?")) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            ps.setLong(args.length + 1, id);
            ps.executeUpdate();
        }
    }

    static boolean subscribed(Connection c, long userId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM subscriptions WHERE user_id = ? AND name = ?")) {
            ps.setLong(1, userId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static long subscriptionCount(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM subscriptions WHERE user_id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void subscribe(Connection c, long userId, String name, boolean on) throws SQLException {
        String sql = on ? "INSERT INTO subscriptions (user_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING"
                : "DELETE FROM subscriptions WHERE user_id = ? AND name = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, userId);
            ps.setString(2, name);
            ps.executeUpdate();
        }
    }
}
