package satchel.store.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import satchel.store.AccountBell;
import satchel.store.MailboxId;
import satchel.store.MetadataLimits;
import satchel.store.StoreException;
import satchel.store.UserMetadata;

/**
 * RFC 5464 annotations in {@code server_metadata} (per user) and {@code mailbox_metadata} (per mailbox, removed
 * with it by the foreign key). Every mailbox id is checked against the owner inside the transaction.
 */
final class SqlMetadata implements UserMetadata {
    private final Database db;
    private final long userId;

    SqlMetadata(Database db, long userId) {
        this.db = db;
        this.userId = userId;
    }

    @Override
    public SortedMap<String, byte[]> entries(Optional<MailboxId> mailbox) throws StoreException {
        return db.read(tx -> {
            SortedMap<String, byte[]> out = new TreeMap<>();
            try (PreparedStatement ps = select(tx, mailbox)) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getBytes(2));
                }
            }
            return out;
        });
    }

    private PreparedStatement select(Database.Tx tx, Optional<MailboxId> mailbox) throws SQLException, StoreException {
        PreparedStatement ps;
        if (mailbox.isPresent()) {
            long id = Mailboxes.owned(tx, userId, mailbox.get().value()).id();
            ps = tx.c().prepareStatement("SELECT name, value FROM mailbox_metadata WHERE mailbox_id = ?");
            ps.setLong(1, id);
        } else {
            ps = tx.c().prepareStatement("SELECT name, value FROM server_metadata WHERE user_id = ?");
            ps.setLong(1, userId);
        }
        return ps;
    }

    @Override
    public SetResult set(Optional<MailboxId> mailbox, Map<String, byte[]> changes, MetadataLimits limits)
            throws StoreException {
        long bytes = 0;
        for (byte[] v : changes.values()) bytes += v == null ? 0 : v.length;
        try {
            return db.write(tx -> setIn(tx, mailbox, changes, limits), bytes);
        } catch (Refused r) {
            return r.result;
        }
    }

    private SetResult setIn(Database.Tx tx, Optional<MailboxId> mailbox, Map<String, byte[]> changes,
                            MetadataLimits limits) throws SQLException, StoreException {
        Mailboxes.requireUser(tx, userId);
        String table = mailbox.isPresent() ? "mailbox_metadata" : "server_metadata";
        String key = mailbox.isPresent() ? "mailbox_id" : "user_id";
        long owner = mailbox.isPresent() ? Mailboxes.owned(tx, userId, mailbox.get().value()).id() : userId;
        boolean grows = false;
        for (var e : changes.entrySet()) {
            try (PreparedStatement del = tx.c().prepareStatement(
                    "DELETE FROM " + table + " WHERE " + key + " = ? AND name = ?")) {
                del.setLong(1, owner);
                del.setString(2, e.getKey());
                del.executeUpdate();
            }
            if (e.getValue() == null) continue;
            grows = true;
            try (PreparedStatement ins = tx.c().prepareStatement(
                    "INSERT INTO " + table + " (" + key + ", name, value) VALUES (?, ?, ?)")) {
                ins.setLong(1, owner);
                ins.setString(2, e.getKey());
                ins.setBytes(3, e.getValue());
                ins.executeUpdate();
            }
        }
        if (grows) {
            SetResult within = limits.check(count(tx), totalBytes(tx));
            // Refused: roll the whole command back (RFC 5464 §4.3: SETMETADATA is all or nothing).
            if (within != SetResult.DONE) throw new Refused(within);
        }
        tx.ring().add(AccountBell.of(userId));
        return SetResult.DONE;
    }

    /** Unwinds the transaction of a refused SETMETADATA; never leaves this class. */
    private static final class Refused extends StoreException {
        final SetResult result;

        Refused(SetResult result) {
            super(Kind.LIMIT, "metadata limit");
            this.result = result;
        }
    }

    private long count(Database.Tx tx) throws SQLException {
        return scalar(tx, "SELECT (SELECT COUNT(*) FROM server_metadata WHERE user_id = ?) + (SELECT COUNT(*)"
                + " FROM mailbox_metadata x JOIN mailboxes m ON m.id = x.mailbox_id WHERE m.user_id = ?)");
    }

    private long totalBytes(Database.Tx tx) throws SQLException {
        return scalar(tx, "SELECT (SELECT COALESCE(SUM(LENGTH(name) + LENGTH(value)), 0) FROM server_metadata"
                + " WHERE user_id = ?) + (SELECT COALESCE(SUM(LENGTH(x.name) + LENGTH(x.value)), 0)"
                + " FROM mailbox_metadata x JOIN mailboxes m ON m.id = x.mailbox_id WHERE m.user_id = ?)");
    }

    private long scalar(Database.Tx tx, String sql) throws SQLException {
        try (PreparedStatement ps = tx.c().prepareStatement(sql)) {
            ps.setLong(1, userId);
            ps.setLong(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public List<Entry> all() throws StoreException {
        return db.read(tx -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement ps = tx.c().prepareStatement(
                    "SELECT name, value FROM server_metadata WHERE user_id = ?")) {
                ps.setLong(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Entry(Optional.empty(), rs.getString(1), rs.getBytes(2)));
                }
            }
            try (PreparedStatement ps = tx.c().prepareStatement("SELECT x.mailbox_id, x.name, x.value"
                    + " FROM mailbox_metadata x JOIN mailboxes m ON m.id = x.mailbox_id WHERE m.user_id = ?")) {
                ps.setLong(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Entry(Optional.of(new MailboxId(rs.getLong(1))), rs.getString(2), rs.getBytes(3)));
                    }
                }
            }
            return out;
        });
    }
}
