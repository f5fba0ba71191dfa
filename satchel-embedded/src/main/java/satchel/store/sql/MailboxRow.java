package satchel.store.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;

/** One row of {@code mailboxes}, with whether its name is subscribed. */
record MailboxRow(long id, long userId, String name, long uidValidity, long uidNext, long highestModSeq,
                  long firstRecentUid, boolean selectable, Set<String> specialUse, boolean subscribed) {

    static final String COLUMNS = columns("m");

    /** {@link #COLUMNS} of {@code mailboxes} named {@code alias} in the query. */
    static String columns(String alias) {
        return ("m.id, m.user_id, m.name, m.uidvalidity, m.uidnext, m.highestmodseq, m.first_recent_uid, m.selectable,"
                + " m.special_use, EXISTS (SELECT 1 FROM subscriptions s WHERE s.user_id = m.user_id AND s.name = m.name)")
                .replace("m.", alias + ".");
    }

    static MailboxRow read(ResultSet rs) throws SQLException {
        String su = rs.getString(9);
        return new MailboxRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.getLong(6), rs.getLong(7), rs.getInt(8) != 0,
                su.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(su.split(" "))), rs.getBoolean(10));
    }

    MailboxId mailboxId() {
        return new MailboxId(id);
    }

    MailboxInfo info() {
        return new MailboxInfo(mailboxId(), name, uidValidity, selectable, subscribed, specialUse);
    }
}
