package satchel.store.sql;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import satchel.store.AppendResult;
import satchel.store.QuotaLimits;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;

/**
 * APPEND where each statement is a trip over the network (PostgreSQL): the rows {@link MessageWrites#append} and
 * {@link Quotas#charge} write, in three round trips and a COMMIT however many messages there are, instead of about a
 * dozen per message (measured: 13 statements and a COMMIT per single APPEND, docs/scale-out.md); a single message,
 * the usual APPEND, in one statement and the COMMIT ({@link #ONE}).
 *
 * <p>The mailbox row is locked as late as possible (issue 12): everything that does not depend on the UIDs is
 * written first, and the one statement that locks the row is the last before the COMMIT.
 * <ol>
 *   <li>The blobs' numbers, from their sequence (no lock).
 *   <li>One statement per message, sent as one JDBC batch (pipelined, one round trip): its blob, structure, search
 *       data, preview and thread ({@link satchel.store.ThreadRule} in SQL: the oldest thread any key is known in,
 *       else the blob's own number), tied together with data-modifying {@code WITH} clauses (foreign keys are
 *       checked at the end of each statement, when its blob row exists). Nothing here locks the mailbox row, so a
 *       writer of the same mailbox is not kept waiting while these bytes cross the network.
 *   <li>One statement takes the UIDs and the modseq from the mailbox row, inserts every message row and charges
 *       the quota. Its UPDATE locks the mailbox row to the commit, as the other writers' {@code SELECT … FOR UPDATE}
 *       does, so writers of one mailbox still take turns and commit in the order of the UIDs they took; the quota
 *       row is locked after it (the quota insert reads from the UPDATE's result), the order every write keeps.
 *       The row is held for this statement and the COMMIT only.
 * </ol>
 * Over quota, the transaction is rolled back as a whole: none is stored (RFC 3502).
 */
final class PipelinedAppend {
    private PipelinedAppend() {}

    /** Where it applies: a database that takes data-modifying WITH, holding the bytes itself. */
    static boolean applies(Dialect d, Contents contents) {
        return d.writableCtes() && contents.blobs() instanceof DatabaseBlobs;
    }

    private static final String BLOB_IDS =
            "SELECT nextval(pg_get_serial_sequence('blobs', 'id')) FROM generate_series(1, ?::int)";

    private static final String INSERT = """
            WITH b AS (INSERT INTO blobs (id, content) VALUES (?, ?)),
                 s AS (INSERT INTO structures (blob_id, headers_truncated, structure, rendered) VALUES (?, ?, ?, ?)),
                 d AS (INSERT INTO search_data (blob_id, data) VALUES (?, ?)),
                 h AS (INSERT INTO folded_headers (blob_id, data) SELECT v.blob, v.data
                       FROM (VALUES (?::bigint, ?::bytea)) v (blob, data) WHERE v.data IS NOT NULL),
                 p AS (INSERT INTO previews (blob_id, preview) SELECT v.blob, v.preview
                       FROM (VALUES (?::bigint, ?::text)) v (blob, preview) WHERE v.preview IS NOT NULL),
                 t AS (SELECT COALESCE((SELECT min(thread) FROM thread_refs WHERE user_id = ? AND ref = ANY (?)),
                       ?) AS thread),
                 r AS (INSERT INTO thread_refs (user_id, ref, thread) SELECT ?, k, t.thread FROM t, unnest(?::text[]) k
                       ON CONFLICT DO NOTHING)
            INSERT INTO message_threads (user_id, blob_id, thread) SELECT ?, ?, t.thread FROM t
            ON CONFLICT DO NOTHING""";

    /** The message rows take UIDs first_uid, first_uid + 1, … in the order of the arrays (WITH ORDINALITY). */
    private static final String ALLOCATE = """
            WITH box AS (UPDATE mailboxes SET uidnext = uidnext + ?, highestmodseq = highestmodseq + 1
                         WHERE id = ? AND user_id = ? AND selectable <> 0 AND (?::text IS NULL OR name = ?)
                         RETURNING id, uidvalidity, uidnext - ? AS first_uid, highestmodseq),
                 q AS (INSERT INTO quota (user_id, storage_used, messages_used) SELECT ?, ?, ? FROM box
                       ON CONFLICT (user_id) DO UPDATE SET storage_used = quota.storage_used + excluded.storage_used,
                       messages_used = quota.messages_used + excluded.messages_used
                       RETURNING storage_used, messages_used, storage_limit, messages_limit),
                 m AS (INSERT INTO messages (mailbox_id, uid, modseq, added_modseq, sys_flags, other_flags, size,
                                             internal_date, blob_id, save_date)
                       SELECT box.id, box.first_uid + v.n - 1, box.highestmodseq, box.highestmodseq, v.sys, v.other,
                              v.size, v.date, v.blob, ?
                       FROM box, unnest(?::int[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[])
                            WITH ORDINALITY v (sys, other, size, date, blob, n))
            SELECT q.storage_used, q.messages_used, q.storage_limit, q.messages_limit,
                   box.uidvalidity, box.first_uid, box.highestmodseq
            FROM box, q""";

    /**
     * One message in one statement (the usual APPEND, issue 12): its blob number, its rows, the UID, the modseq and
     * the quota, so the transaction is this statement and the COMMIT, two round trips instead of four. The mailbox
     * row is still locked last: the UPDATE joins the blob, structure and search-data inserts' results, so it only
     * reaches the row once those have run (the remaining small inserts run at the end of the statement).
     */
    private static final String ONE = """
            WITH i AS (SELECT nextval(pg_get_serial_sequence('blobs', 'id')) AS id),
                 b AS (INSERT INTO blobs (id, content) SELECT i.id, ?::bytea FROM i RETURNING id),
                 s AS (INSERT INTO structures (blob_id, headers_truncated, structure, rendered)
                       SELECT i.id, ?::int, ?::bytea, ?::bytea FROM i RETURNING blob_id),
                 d AS (INSERT INTO search_data (blob_id, data) SELECT i.id, ?::bytea FROM i RETURNING blob_id),
                 h AS (INSERT INTO folded_headers (blob_id, data) SELECT i.id, v.data
                       FROM i, (VALUES (?::bytea)) v (data) WHERE v.data IS NOT NULL),
                 p AS (INSERT INTO previews (blob_id, preview) SELECT i.id, v.preview
                       FROM i, (VALUES (?::text)) v (preview) WHERE v.preview IS NOT NULL),
                 t AS (SELECT COALESCE((SELECT min(thread) FROM thread_refs WHERE user_id = ? AND ref = ANY (?)),
                       (SELECT id FROM i)) AS thread),
                 r AS (INSERT INTO thread_refs (user_id, ref, thread) SELECT ?, k, t.thread FROM t, unnest(?::text[]) k
                       ON CONFLICT DO NOTHING),
                 mt AS (INSERT INTO message_threads (user_id, blob_id, thread) SELECT ?, i.id, t.thread FROM i, t
                        ON CONFLICT DO NOTHING),
                 box AS (UPDATE mailboxes x SET uidnext = x.uidnext + 1, highestmodseq = x.highestmodseq + 1
                         FROM b, s, d
                         WHERE x.id = ? AND x.user_id = ? AND x.selectable <> 0 AND (?::text IS NULL OR x.name = ?)
                         RETURNING x.id, x.uidvalidity, x.uidnext - 1 AS uid, x.highestmodseq, b.id AS blob),
                 q AS (INSERT INTO quota (user_id, storage_used, messages_used) SELECT ?, ?, ? FROM box
                       ON CONFLICT (user_id) DO UPDATE SET storage_used = quota.storage_used + excluded.storage_used,
                       messages_used = quota.messages_used + excluded.messages_used
                       RETURNING storage_used, messages_used, storage_limit, messages_limit),
                 m AS (INSERT INTO messages (mailbox_id, uid, modseq, added_modseq, sys_flags, other_flags, size,
                                             internal_date, blob_id, save_date)
                       SELECT box.id, box.uid, box.highestmodseq, box.highestmodseq, ?::int, ?::text, ?::bigint,
                              ?::bigint, box.blob, ?::bigint
                       FROM box)
            SELECT q.storage_used, q.messages_used, q.storage_limit, q.messages_limit,
                   box.uidvalidity, box.uid, box.blob
            FROM box, q""";

    /**
     * A mailbox that is not, or no longer, named as the caller looked it up (an APPEND's target remembered from an
     * earlier lookup, {@link SqlUserMail#appendTarget}): nothing was stored, and the name is to be looked up again.
     */
    static final class Renamed extends StoreException {
        Renamed() {
            super(Kind.NONEXISTENT, "No such mailbox");
        }
    }

    /**
     * The new messages' UIDs, in order; {@code messages} is not empty. {@code name}, if not null, is the name the
     * mailbox must still have: the statement that locks its row checks it ({@link Renamed} otherwise).
     */
    static List<AppendResult> append(Database.Tx tx, Contents contents, long userId, long mailboxId, String name,
                                     List<Prepared> messages, Quotas.Delta charge, QuotaLimits quota)
            throws SQLException, StoreException {
        if (messages.size() == 1) {
            return List.of(one(tx, contents, userId, mailboxId, name, messages.getFirst(), charge, quota));
        }
        Connection c = tx.c();
        int n = messages.size();
        long[] blobIds = blobIds(c, n);
        insertBlobs(c, userId, messages, blobIds);
        long now = System.currentTimeMillis(); // RFC 8514 save date
        Integer[] sys = new Integer[n];
        String[] other = new String[n];
        Long[] size = new Long[n];
        Long[] date = new Long[n];
        Long[] blob = new Long[n];
        Set<String> flagsUsed = new LinkedHashSet<>();
        for (int m = 0; m < n; m++) {
            Prepared p = messages.get(m);
            sys[m] = p.systemFlags();
            other[m] = p.otherFlags();
            size[m] = (long) p.content().length;
            date[m] = p.internalDate().toEpochMilli();
            blob[m] = blobIds[m];
            flagsUsed.addAll(p.flags());
        }
        long uidValidity, firstUid;
        try (PreparedStatement ps = c.prepareStatement(ALLOCATE)) {
            int i = 0;
            ps.setLong(++i, n);
            ps.setLong(++i, mailboxId);
            ps.setLong(++i, userId);
            ps.setString(++i, name);
            ps.setString(++i, name);
            ps.setLong(++i, n);
            ps.setLong(++i, userId);
            ps.setLong(++i, charge.bytes());
            ps.setLong(++i, charge.messages());
            ps.setLong(++i, now);
            ps.setArray(++i, c.createArrayOf("int4", sys));
            ps.setArray(++i, c.createArrayOf("text", other));
            ps.setArray(++i, c.createArrayOf("int8", size));
            ps.setArray(++i, c.createArrayOf("int8", date));
            ps.setArray(++i, c.createArrayOf("int8", blob));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw missing(tx, userId, mailboxId, name);
                Quotas.check(Quotas.quota(rs, quota), charge);
                uidValidity = rs.getLong(5);
                firstUid = rs.getLong(6);
            }
        }
        MessageWrites.defineKeywords(c, mailboxId, flagsUsed); // no statement unless a keyword is set
        // Before the commit, as Contents.store does: a blob whose write then fails is never asked for.
        for (int m = 0; m < n; m++) contents.fresh().stored(blobIds[m], messages.get(m).indexRow());
        List<AppendResult> out = new ArrayList<>(n);
        for (int m = 0; m < n; m++) out.add(new AppendResult(uidValidity, firstUid + m));
        return out;
    }

    /** Why the statement found no mailbox row to take UIDs from; {@link Renamed} if a name was expected. */
    private static StoreException missing(Database.Tx tx, long userId, long mailboxId, String name)
            throws SQLException, StoreException {
        if (name != null) return new Renamed();
        Mailboxes.selectable(tx, userId, mailboxId); // says why: none, not the user's, not selectable
        return new StoreException(Kind.CANNOT, "Mailbox is not selectable");
    }

    private static AppendResult one(Database.Tx tx, Contents contents, long userId, long mailboxId, String name,
                                    Prepared p, Quotas.Delta charge, QuotaLimits quota)
            throws SQLException, StoreException {
        Connection c = tx.c();
        Array keys = c.createArrayOf("text", p.derived().threadKeys().toArray());
        long uidValidity, uid, blob;
        try (PreparedStatement ps = c.prepareStatement(ONE)) {
            int i = 0;
            ps.setBytes(++i, p.content());
            ps.setInt(++i, p.derived().headersTruncated() ? 1 : 0);
            ps.setBytes(++i, p.derived().structure());
            ps.setBytes(++i, p.derived().rendered());
            ps.setBytes(++i, p.derived().searchData());
            ps.setBytes(++i, p.derived().searchHeaders());
            ps.setString(++i, p.derived().preview().orElse(null));
            ps.setLong(++i, userId);
            ps.setArray(++i, keys);
            ps.setLong(++i, userId);
            ps.setArray(++i, keys);
            ps.setLong(++i, userId);
            ps.setLong(++i, mailboxId);
            ps.setLong(++i, userId);
            ps.setString(++i, name);
            ps.setString(++i, name);
            ps.setLong(++i, userId);
            ps.setLong(++i, charge.bytes());
            ps.setLong(++i, charge.messages());
            ps.setInt(++i, p.systemFlags());
            ps.setString(++i, p.otherFlags());
            ps.setLong(++i, p.content().length);
            ps.setLong(++i, p.internalDate().toEpochMilli());
            ps.setLong(++i, System.currentTimeMillis()); // RFC 8514 save date
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw missing(tx, userId, mailboxId, name);
                Quotas.check(Quotas.quota(rs, quota), charge);
                uidValidity = rs.getLong(5);
                uid = rs.getLong(6);
                blob = rs.getLong(7);
            }
        }
        MessageWrites.defineKeywords(c, mailboxId, p.flags()); // no statement unless a keyword is set
        contents.fresh().stored(blob, p.indexRow()); // before the commit, as below
        return new AppendResult(uidValidity, uid);
    }

    private static long[] blobIds(Connection c, int n) throws SQLException {
        long[] ids = new long[n];
        try (PreparedStatement ps = c.prepareStatement(BLOB_IDS)) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                for (int m = 0; m < n; m++) {
                    rs.next();
                    ids[m] = rs.getLong(1);
                }
            }
        }
        return ids;
    }

    private static void insertBlobs(Connection c, long userId, List<Prepared> messages, long[] blobIds)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int m = 0; m < messages.size(); m++) {
                Prepared p = messages.get(m);
                long blob = blobIds[m];
                Array keys = c.createArrayOf("text", p.derived().threadKeys().toArray());
                int i = 0;
                ps.setLong(++i, blob);
                ps.setBytes(++i, p.content());
                ps.setLong(++i, blob);
                ps.setInt(++i, p.derived().headersTruncated() ? 1 : 0);
                ps.setBytes(++i, p.derived().structure());
                ps.setBytes(++i, p.derived().rendered());
                ps.setLong(++i, blob);
                ps.setBytes(++i, p.derived().searchData());
                ps.setLong(++i, blob);
                ps.setBytes(++i, p.derived().searchHeaders());
                ps.setLong(++i, blob);
                ps.setString(++i, p.derived().preview().orElse(null));
                ps.setLong(++i, userId);
                ps.setArray(++i, keys);
                ps.setLong(++i, blob);
                ps.setLong(++i, userId);
                ps.setArray(++i, keys);
                ps.setLong(++i, userId);
                ps.setLong(++i, blob);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
