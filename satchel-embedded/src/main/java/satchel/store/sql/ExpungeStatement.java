package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * EXPUNGE where each statement is a trip over the network (PostgreSQL, issue 12): one statement takes the mailbox's
 * next modseq, deletes the messages, leaves their tombstones (RFC 7162 §3.2.5.1) and retained rows, and gives the
 * quota back. The locking path ({@link MessageWrites#expunge}) held the mailbox row over seven round trips; in the
 * 50-client mixed load the APPENDs, STOREs and \Recent claims of that mailbox waited behind it.
 *
 * <p>The mailbox row is locked first (the scalar sub-selects run before the messages are scanned), then the message
 * rows, then the quota row: the order every writer keeps. It is locked {@code FOR UPDATE}, as on the locking path,
 * not only by the {@code UPDATE} (which takes {@code FOR NO KEY UPDATE}): the full-text indexer's {@code FOR KEY
 * SHARE} must still make an expunge wait for an index write that checked the messages exist ({@link
 * SearchIndexer}). A message another session expunged meanwhile is simply not deleted again. When nothing is deleted, or the mailbox is not the user's or not
 * selectable, {@link FlagStatement.Raced} rolls the transaction back (the modseq must not move for nothing) and the
 * caller runs the locking path, which says why.
 */
final class ExpungeStatement {
    private ExpungeStatement() {}

    private static final String EXPUNGE = """
            WITH lk AS (SELECT id FROM mailboxes WHERE id = ? AND user_id = ? AND selectable <> 0 FOR UPDATE),
                 box AS (UPDATE mailboxes SET highestmodseq = highestmodseq + 1
                         WHERE id = (SELECT id FROM lk) RETURNING id, highestmodseq),
                 del AS (DELETE FROM messages m WHERE m.mailbox_id = (SELECT id FROM box) AND m.uid = ANY (?::bigint[])
                         RETURNING m.uid, m.blob_id, m.size),
                 tomb AS (INSERT INTO expunged (mailbox_id, uid, modseq)
                          SELECT (SELECT id FROM box), uid, (SELECT highestmodseq FROM box) FROM del),
                 keep AS (INSERT INTO retained (mailbox_id, uid, modseq, blob_id, expunged_at)
                          SELECT (SELECT id FROM box), uid, (SELECT highestmodseq FROM box), blob_id, ? FROM del
                          WHERE ?),
                 q AS (INSERT INTO quota (user_id, storage_used, messages_used)
                       SELECT ?, -sum(size), -count(*) FROM del HAVING count(*) > 0
                       ON CONFLICT (user_id) DO UPDATE SET storage_used = quota.storage_used + excluded.storage_used,
                       messages_used = quota.messages_used + excluded.messages_used)
            SELECT uid, blob_id FROM del ORDER BY uid""";

    /** The UIDs expunged, ascending; {@code retain} keeps their data for sessions that may still show them. */
    static List<Long> expunge(Database.Tx tx, Contents contents, long userId, long mailboxId, List<Long> uids,
                              boolean retain) throws SQLException {
        Connection c = tx.c();
        List<Long> removed = new ArrayList<>();
        Set<Long> blobs = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(EXPUNGE)) {
            int i = 0;
            ps.setLong(++i, mailboxId);
            ps.setLong(++i, userId);
            ps.setArray(++i, c.createArrayOf("int8", uids.toArray()));
            ps.setLong(++i, System.currentTimeMillis());
            ps.setBoolean(++i, retain);
            ps.setLong(++i, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    removed.add(rs.getLong(1));
                    blobs.add(rs.getLong(2));
                }
            }
        }
        if (removed.isEmpty()) throw new FlagStatement.Raced();
        if (!retain) contents.dropUnused(c, blobs);
        return removed;
    }
}
