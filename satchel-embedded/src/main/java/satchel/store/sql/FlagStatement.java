package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import satchel.store.FlagResult;
import satchel.store.FlagUpdate;
import satchel.store.Flags;
import satchel.store.MessageMeta;

/**
 * STORE where each statement is a trip over the network (PostgreSQL, issue 12): the rows are read without a lock,
 * the new flags worked out here, and one statement then takes the mailbox's next modseq and updates every row that
 * has not changed since it was read. The mailbox row is held for that statement and the COMMIT only (the locking
 * path, {@link MessageWrites#updateFlags}, holds it over four round trips).
 *
 * <p>A row another writer changed or expunged in between (its modseq moved) is not updated; then {@link Raced} is
 * thrown, the transaction rolls back, and the caller runs the locking path, which decides with the row in hand (RFC
 * 7162 §3.1.3's UNCHANGEDSINCE included). A mailbox that is not the user's or not selectable also sends it there, to
 * be refused with the usual reason.
 */
final class FlagStatement {
    private FlagStatement() {}

    /** The optimistic write lost a race, or has nothing to say about the mailbox: use the locking path. */
    static final class Raced extends RuntimeException {
        Raced() {
            super(null, null, false, false);
        }
    }

    /**
     * The mailbox row is locked first (the scalar sub-selects on {@code box} run before the messages are scanned),
     * the order every writer keeps, so this never deadlocks with a writer on the locking path.
     */
    private static final String UPDATE = """
            WITH box AS (UPDATE mailboxes SET highestmodseq = highestmodseq + 1
                         WHERE id = ? AND user_id = ? AND selectable <> 0 RETURNING id, highestmodseq),
                 v AS (SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::int[], ?::text[]) AS v (uid, seen, sys, other)),
                 u AS (UPDATE messages m SET sys_flags = v.sys, other_flags = v.other,
                              modseq = (SELECT highestmodseq FROM box)
                       FROM v WHERE m.mailbox_id = (SELECT id FROM box) AND m.uid = v.uid AND m.modseq = v.seen
                       RETURNING m.uid)
            SELECT (SELECT highestmodseq FROM box), (SELECT count(*) FROM u)""";

    static FlagResult update(Database.Tx tx, long userId, long mailboxId, List<Long> uids, FlagUpdate update)
            throws SQLException {
        Connection c = tx.c();
        List<Messages.Row> rows = Messages.existingIfSelectable(c, userId, mailboxId, uids);
        if (rows.isEmpty()) throw new Raced(); // nothing to change, or no such mailbox: the locking path says which
        List<Long> failed = new ArrayList<>();
        List<MessageMeta> changed = new ArrayList<>();
        List<Long> uid = new ArrayList<>(), seen = new ArrayList<>();
        List<Integer> sys = new ArrayList<>();
        List<String> other = new ArrayList<>();
        List<Set<String>> after = new ArrayList<>();
        Set<String> flagsUsed = new LinkedHashSet<>();
        for (Messages.Row r : rows) {
            MessageMeta m = r.meta();
            Set<String> flags = MessageWrites.newFlags(m, update, failed);
            if (flags == null) continue;
            uid.add(m.uid());
            seen.add(m.modSeq());
            sys.add(Flags.systemBits(flags));
            other.add(Flags.otherFlagsText(flags));
            flagsUsed.addAll(flags);
            after.add(flags);
            changed.add(m);
        }
        if (changed.isEmpty()) return new FlagResult(List.of(), failed);
        long modSeq;
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, userId);
            ps.setArray(3, c.createArrayOf("int8", uid.toArray()));
            ps.setArray(4, c.createArrayOf("int8", seen.toArray()));
            ps.setArray(5, c.createArrayOf("int4", sys.toArray()));
            ps.setArray(6, c.createArrayOf("text", other.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                modSeq = rs.getLong(1);
                if (rs.wasNull() || rs.getLong(2) != changed.size()) throw new Raced();
            }
        }
        MessageWrites.defineKeywords(c, mailboxId, flagsUsed); // no statement unless a keyword is set
        List<MessageMeta> out = new ArrayList<>(changed.size());
        for (int i = 0; i < changed.size(); i++) {
            MessageMeta m = changed.get(i);
            out.add(new MessageMeta(m.uid(), modSeq, after.get(i), m.size(), m.internalDate()));
        }
        return new FlagResult(out, failed);
    }
}
