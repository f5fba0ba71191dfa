package satchel.store.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import satchel.store.StoreException;

/**
 * The \Recent claim where each statement is a trip over the network (PostgreSQL, issue 12). In the 50-client mixed
 * load a claim followed nearly every APPEND, and each one waited for the mailbox row behind the writers, then held
 * it over two more round trips and a WAL flush, while the next APPEND, STORE and EXPUNGE of that mailbox waited
 * behind it. Here one statement locks the row, moves {@code first_recent_uid} if it must and returns the old value,
 * and the transaction commits without waiting for its WAL flush, so the row is free again as soon as the statement
 * is done. The lock is {@code FOR NO KEY UPDATE}, what the claim's own {@code UPDATE} takes: claims and writers of the
 * mailbox take turns, but a claim no longer waits for the full-text indexer's batch ({@code FOR KEY SHARE}).
 *
 * <p>Why an unflushed commit is enough: the claim is not data, only who is told about a message first. A write that
 * read it and commits flushes the WAL past it (the log is flushed in order), so nothing durable ever depends on a
 * lost claim; a database crash in the fraction of a second before the flush at worst shows the same messages as
 * \Recent to one more session, which RFC 3501 §2.3.2 tolerates (the server may also fail to record it, as this
 * store already does when the disk is full).
 */
final class RecentClaim {
    private RecentClaim() {}

    private static final String CLAIM = """
            WITH old AS (SELECT id, first_recent_uid, GREATEST(first_recent_uid, LEAST(?, uidnext)) AS next
                         FROM mailboxes WHERE id = ? AND user_id = ? AND selectable <> 0 FOR NO KEY UPDATE),
                 up AS (UPDATE mailboxes m SET first_recent_uid = old.next FROM old
                        WHERE m.id = old.id AND old.next <> old.first_recent_uid)
            SELECT first_recent_uid, set_config('synchronous_commit', 'off', true) FROM old""";

    /** The first UID that was still \Recent before this claim, as {@code UserMail.claimRecent} returns it. */
    static long claim(Database.Tx tx, long userId, long mailboxId, long uidNext) throws SQLException, StoreException {
        try (PreparedStatement ps = tx.c().prepareStatement(CLAIM)) {
            ps.setLong(1, uidNext);
            ps.setLong(2, mailboxId);
            ps.setLong(3, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return rs.getLong(1);
            }
        }
        Mailboxes.selectable(tx, userId, mailboxId); // says why: none, not the user's, not selectable
        throw new StoreException(StoreException.Kind.CANNOT, "Mailbox is not selectable");
    }
}
