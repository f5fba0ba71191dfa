package satchel.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Grows a filled mailbox of a stopped Satchel's SQLite store to N messages by copying its message rows in SQL with
 * new UIDs and modseqs: the copies share the originals' blobs (and so their structures), and two in three get
 * \Seen, so the flags are not all alike. A million rows take seconds where a million APPENDs take most of an hour;
 * for SELECT, FETCH of UID/FLAGS/sizes/dates and memory the result is a real mailbox. The search watermark is moved
 * past the copies (the background indexer would otherwise index a million messages during the measurement), so
 * SEARCH BODY finds only the originals' text: not for SEARCH figures.
 * <pre>java -cp … satchel.bench.CopyRows DATA_DIR USER MAILBOX TOTAL</pre>
 */
public final class CopyRows {
    private CopyRows() {}

    public static void main(String[] a) throws SQLException {
        Path db = Path.of(a[0], "satchel.db");
        String user = a[1], mailbox = a[2];
        long total = Long.parseLong(a[3]);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
            c.setAutoCommit(false);
            long id, uidNext, modSeq, count;
            try (PreparedStatement ps = c.prepareStatement("SELECT m.id, m.uidnext, m.highestmodseq,"
                    + " (SELECT COUNT(*) FROM messages WHERE mailbox_id = m.id) FROM mailboxes m"
                    + " JOIN users u ON u.id = m.user_id WHERE u.name = ? AND m.name = ?")) {
                ps.setString(1, user);
                ps.setString(2, mailbox);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new IllegalArgumentException("no mailbox " + mailbox + " of " + user);
                    id = rs.getLong(1);
                    uidNext = rs.getLong(2);
                    modSeq = rs.getLong(3);
                    count = rs.getLong(4);
                }
            }
            if (count == 0) throw new IllegalArgumentException("mailbox " + mailbox + " is empty: fill it first");
            long add = total - count;
            if (add <= 0) {
                System.out.printf("%s already holds %d messages%n", mailbox, count);
                return;
            }
            long copies = (add + count - 1) / count, step = uidNext - 1;
            long t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (mailbox_id, uid, modseq, added_modseq,"
                    + " sys_flags, other_flags, size, internal_date, blob_id)"
                    + " WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ?)"
                    + " SELECT mailbox_id, uid + n * ?, modseq + n * ?, added_modseq + n * ?,"
                    + " sys_flags | CASE WHEN uid % 3 = 0 THEN 0 ELSE 1 END, other_flags, size, internal_date, blob_id"
                    + " FROM k, messages WHERE mailbox_id = ? AND uid < ? ORDER BY n, uid LIMIT ?")) {
                ps.setLong(1, copies);
                ps.setLong(2, step);
                ps.setLong(3, modSeq);
                ps.setLong(4, modSeq);
                ps.setLong(5, id);
                ps.setLong(6, uidNext);
                ps.setLong(7, add);
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE mailboxes SET uidnext = (SELECT MAX(uid) + 1 FROM messages WHERE mailbox_id = "
                        + id + "), highestmodseq = (SELECT MAX(modseq) FROM messages WHERE mailbox_id = " + id + ")"
                        + " WHERE id = " + id);
                s.executeUpdate("UPDATE search_indexed SET uid = (SELECT uidnext - 1 FROM mailboxes WHERE id = " + id
                        + ") WHERE mailbox_id = " + id);
                s.executeUpdate("UPDATE quota SET messages_used = (SELECT COUNT(*) FROM messages m JOIN mailboxes b"
                        + " ON b.id = m.mailbox_id WHERE b.user_id = quota.user_id), storage_used = (SELECT SUM(m.size)"
                        + " FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.user_id = quota.user_id)");
            }
            c.commit();
            System.out.printf("%s: %d messages copied to %d in %.1f s%n", mailbox, add, total,
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
