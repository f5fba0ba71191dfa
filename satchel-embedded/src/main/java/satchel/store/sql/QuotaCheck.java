package satchel.store.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import satchel.store.StoreException;
import satchel.store.StoreMaintenance.Problem;

/**
 * {@code satchel check} for the quota counters: each user's counters against the messages themselves. One statement
 * reads both, so a live server's writes cannot make them look different; a repair recounts the user inside the
 * write that sets the counters, with the counter row locked first, so writes running meanwhile are not lost.
 */
final class QuotaCheck {
    private QuotaCheck() {}

    static void run(Database db, boolean repair, List<Problem> problems) throws StoreException {
        record Wrong(long userId, String name, long bytes, long messages, long realBytes, long realMessages) {}
        List<Wrong> wrong = db.read(tx -> {
            List<Wrong> out = new ArrayList<>();
            try (PreparedStatement ps = tx.c().prepareStatement("SELECT r.id, u.name, COALESCE(q.storage_used, 0),"
                    + " COALESCE(q.messages_used, 0), r.bytes, r.messages FROM (" + Quotas.RECOUNT
                    + ") r JOIN users u ON u.id = r.id LEFT JOIN quota q ON q.user_id = r.id"
                    + " WHERE COALESCE(q.storage_used, 0) <> r.bytes OR COALESCE(q.messages_used, 0) <> r.messages");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Wrong(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6)));
                }
            }
            return out;
        });
        for (Wrong w : wrong) {
            problems.add(new Problem(w.name(), "quota usage " + w.bytes() + " bytes in " + w.messages()
                    + " messages, but the mailboxes hold " + w.realBytes() + " bytes in " + w.realMessages(), repair));
            if (repair) recount(db, w.userId());
        }
    }

    private static void recount(Database db, long userId) throws StoreException {
        db.write(tx -> {
            Quotas.lock(tx.c(), userId);
            try (PreparedStatement ps = tx.c().prepareStatement("UPDATE quota SET storage_used = (SELECT"
                    + " COALESCE(SUM(m.size), 0) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id"
                    + " WHERE b.user_id = ?), messages_used = (SELECT COUNT(*) FROM messages m JOIN mailboxes b"
                    + " ON b.id = m.mailbox_id WHERE b.user_id = ?) WHERE user_id = ?")) {
                ps.setLong(1, userId);
                ps.setLong(2, userId);
                ps.setLong(3, userId);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
