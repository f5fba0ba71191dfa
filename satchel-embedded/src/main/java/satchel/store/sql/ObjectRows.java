package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import satchel.mime.MessageStructure;
import satchel.store.MessageObjects;
import satchel.store.ObjectIds;
import satchel.store.ThreadRule;

/**
 * SQL of RFC 8474 object ids, RFC 8970 previews and RFC 8514 save dates. Ids are not stored: they are computed
 * from row numbers under the store's key ({@link ObjectIds}); what is stored is the key ({@code secrets}), each
 * user's thread of each stored message ({@code message_threads}, per user because one delivery's blob is shared
 * by several users, each with threads of their own), the Message-IDs each thread is known by ({@code thread_refs},
 * see {@link ThreadRule}), a preview per blob ({@code previews}) and {@code messages.save_date}.
 */
final class ObjectRows {
    private ObjectRows() {}

    private static final String KEY_NAME = "objectid-key";

    /** Schema: the tables, the key, and threads for the mail already stored (oldest blob first, as it arrived). */
    static Schema.Migration migration(Dialect d) {
        String i = d.integer();
        return new Schema.Migration(List.of(
                "ALTER TABLE messages ADD COLUMN save_date " + i,
                "CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
                "CREATE TABLE previews (blob_id " + i + " PRIMARY KEY REFERENCES blobs(id), preview TEXT NOT NULL)",
                "CREATE TABLE message_threads (user_id " + i + " NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                        + " blob_id " + i + " NOT NULL REFERENCES blobs(id), thread " + i + " NOT NULL,"
                        + " PRIMARY KEY (user_id, blob_id))" + d.clusteredSuffix(),
                "CREATE INDEX message_threads_blob ON message_threads (blob_id)",
                "CREATE TABLE thread_refs (user_id " + i + " NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                        + " ref TEXT NOT NULL, thread " + i + " NOT NULL, PRIMARY KEY (user_id, ref))"
                        + d.clusteredSuffix()),
                ObjectRows::afterMigration);
    }

    /** The Java step of the migration: the key, then threads for the mail already stored. */
    static void afterMigration(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO secrets (name, value) VALUES (?, ?)")) {
            ps.setString(1, KEY_NAME);
            ps.setString(2, Base64.getEncoder().encodeToString(ObjectIds.newKey()));
            ps.executeUpdate();
        }
        List<long[]> stored = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT b.user_id, m.blob_id"
                + " FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id ORDER BY m.blob_id, b.user_id")) {
            while (rs.next()) stored.add(new long[] {rs.getLong(1), rs.getLong(2)});
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT structure FROM structures WHERE blob_id = ?")) {
            for (long[] ub : stored) {
                ps.setLong(1, ub[1]);
                List<String> keys = List.of();
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        try {
                            keys = ThreadRule.keys(MessageStructure.fromBytes(rs.getBytes(1)));
                        } catch (IllegalArgumentException damaged) {
                            // a thread of its own; `satchel check --repair` reparses damaged structures
                        }
                    }
                }
                assignThread(c, ub[0], ub[1], keys);
            }
        }
    }

    /** The store's key, written by the migration. */
    static ObjectIds ids(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM secrets WHERE name = ?")) {
            ps.setString(1, KEY_NAME);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new SQLException("object id key missing: database not migrated");
                return new ObjectIds(Base64.getDecoder().decode(rs.getString(1)));
            }
        }
    }

    /** Gives {@code userId}'s new message on {@code blobId} its thread (see {@link ThreadRule}). */
    static void assignThread(Connection c, long userId, long blobId, List<String> keys) throws SQLException {
        List<Long> found = new ArrayList<>();
        if (!keys.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT thread FROM thread_refs WHERE user_id = ? AND ref IN ("
                    + String.join(",", Collections.nCopies(keys.size(), "?")) + ")")) {
                ps.setLong(1, userId);
                for (int k = 0; k < keys.size(); k++) ps.setString(k + 2, keys.get(k));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) found.add(rs.getLong(1));
                }
            }
        }
        long thread = ThreadRule.choose(found, blobId); // a blob id is never reused, so neither is a new thread's
        if (!keys.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO thread_refs (user_id, ref, thread) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (String k : keys) {
                    ps.setLong(1, userId);
                    ps.setString(2, k);
                    ps.setLong(3, thread);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO message_threads (user_id, blob_id, thread) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setLong(1, userId);
            ps.setLong(2, blobId);
            ps.setLong(3, thread);
            ps.executeUpdate();
        }
    }

    static void insertPreview(Connection c, long blobId, String preview) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO previews (blob_id, preview) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            ps.setLong(1, blobId);
            ps.setString(2, preview);
            ps.executeUpdate();
        }
    }

    /** Previews computed after delivery (mail stored before previews were kept), by UID. */
    static void savePreviews(Connection c, long mailboxId, Map<Long, String> previews) throws SQLException {
        try (PreparedStatement find = c.prepareStatement("SELECT blob_id FROM messages WHERE mailbox_id = ? AND uid = ?"
                + " UNION ALL SELECT blob_id FROM retained WHERE mailbox_id = ? AND uid = ?")) {
            for (Map.Entry<Long, String> e : previews.entrySet()) {
                find.setLong(1, mailboxId);
                find.setLong(2, e.getKey());
                find.setLong(3, mailboxId);
                find.setLong(4, e.getKey());
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) insertPreview(c, rs.getLong(1), e.getValue());
                }
            }
        }
    }

    /** Before blobs go: what was kept about them. */
    static void forget(Connection c, Collection<Long> blobIds) throws SQLException {
        for (String sql : new String[] {"DELETE FROM previews WHERE blob_id = ?", "DELETE FROM message_threads WHERE blob_id = ?"}) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (long id : blobIds) {
                    ps.setLong(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /**
     * The object data of the messages among {@code uids} (and of expunged ones still retained for readers, without a
     * save date); previews only if {@code withPreviews}, which costs reading their text.
     */
    static Map<Long, MessageObjects> objects(Connection c, ObjectIds ids, long userId, long mailboxId, List<Long> uids,
                                             boolean withPreviews) throws SQLException {
        Map<Long, MessageObjects> out = new LinkedHashMap<>();
        if (uids.isEmpty()) return out;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (long u : uids) {
            min = Math.min(min, u);
            max = Math.max(max, u);
        }
        Set<Long> wanted = new HashSet<>(uids);
        read(c, ids, userId, mailboxId, "messages", "m.save_date", min, max, wanted, withPreviews, out);
        if (out.size() < wanted.size()) {
            read(c, ids, userId, mailboxId, "retained", "NULL", min, max, wanted, withPreviews, out);
        }
        return out;
    }

    private static void read(Connection c, ObjectIds ids, long userId, long mailboxId, String table, String saveDateColumn,
                             long min, long max, Set<Long> wanted, boolean withPreviews, Map<Long, MessageObjects> out)
            throws SQLException {
        String sql = "SELECT m.uid, m.blob_id, " + saveDateColumn + ", t.thread" + (withPreviews ? ", p.preview" : "")
                + " FROM " + table + " m LEFT JOIN message_threads t ON t.user_id = ? AND t.blob_id = m.blob_id"
                + (withPreviews ? " LEFT JOIN previews p ON p.blob_id = m.blob_id" : "")
                + " WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, userId);
            ps.setLong(2, mailboxId);
            ps.setLong(3, min);
            ps.setLong(4, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long uid = rs.getLong(1);
                    if (!wanted.contains(uid) || out.containsKey(uid)) continue;
                    long blob = rs.getLong(2);
                    long saved = rs.getLong(3);
                    Optional<Instant> saveDate = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(saved));
                    long thread = rs.getLong(4);
                    if (rs.wasNull()) thread = blob; // not assigned (cannot happen after the migration): its own thread
                    Optional<String> preview = withPreviews ? Optional.ofNullable(rs.getString(5)) : Optional.empty();
                    out.put(uid, new MessageObjects(ids.email(userId, blob), ids.thread(userId, thread), saveDate, preview));
                }
            }
        }
    }
}
