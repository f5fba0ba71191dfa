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
                       RETURNING m.uid),
                 k AS (SELECT count(*) AS n FROM messages m
                       JOIN unnest(?::bigint[], ?::bigint[]) AS k (uid, seen) ON m.uid = k.uid AND m.modseq = k.seen
                       WHERE m.mailbox_id = (SELECT id FROM box))
            SELECT (SELECT highestmodseq FROM box), (SELECT count(*) FROM u), (SELECT n FROM k)""";

    /**
     * {@link #UPDATE} for one message whose flags change and no unchanged ones to confirm (a client's usual STORE),
     * with plain parameters instead of arrays. PostgreSQL's generic plan for {@link #UPDATE} counts on 100 rows from
     * each {@code unnest} of a parameter, so it never beats the custom plans, and the statement was planned again on
     * every execution (the mixed load's STORE: planned at 96 % of its calls); this one is planned once per
     * connection. Same locking order: the mailbox row first.
     */
    private static final String UPDATE_ONE = """
            WITH box AS (UPDATE mailboxes SET highestmodseq = highestmodseq + 1
                         WHERE id = ? AND user_id = ? AND selectable <> 0 RETURNING id, highestmodseq),
                 u AS (UPDATE messages m SET sys_flags = ?, other_flags = ?, modseq = (SELECT highestmodseq FROM box)
                       WHERE m.mailbox_id = (SELECT id FROM box) AND m.uid = ? AND m.modseq = ?
                       RETURNING m.uid)
            SELECT (SELECT highestmodseq FROM box), (SELECT count(*) FROM u), 0""";

    static FlagResult update(Database.Tx tx, long userId, long mailboxId, List<Long> uids, FlagUpdate update)
            throws SQLException {
        List<Messages.Row> rows = Messages.existingIfSelectable(tx.c(), userId, mailboxId, uids);
        if (rows.isEmpty()) throw new Raced(); // nothing to change, or no such mailbox: the locking path says which
        return update(tx, userId, mailboxId, rows.stream().map(Messages.Row::meta).toList(), update, false);
    }

    /**
     * {@link #update} from the rows as the caller last saw them (a session's cached flags and modseqs) instead of a
     * read of its own: one round trip fewer. A row that changed since, or is gone, makes the statement come short
     * and {@link Raced} is thrown; so it is when the rows the caller thinks need no change are not all as it saw
     * them (checked in the same statement, whose snapshot begins after the caller's command did), or when none needs
     * a change (then a fresh read decides). Not for UNCHANGEDSINCE, whose failures must be judged on fresh rows.
     */
    static FlagResult updateKnown(Database.Tx tx, long userId, long mailboxId, List<MessageMeta> known,
                                  FlagUpdate update) throws SQLException {
        if (known.isEmpty() || update.unchangedSince() >= 0) throw new Raced();
        return update(tx, userId, mailboxId, known, update, true);
    }

    /**
     * Whether {@code update} changes none of {@code rows} as given (never with UNCHANGEDSINCE, whose failures are
     * part of the answer).
     */
    static boolean changesNothing(List<MessageMeta> rows, FlagUpdate update) {
        if (update.unchangedSince() >= 0) return false;
        List<Long> failed = new ArrayList<>();
        for (MessageMeta m : rows) {
            if (MessageWrites.newFlags(m, update, failed) != null) return false;
        }
        return true;
    }

    private static FlagResult update(Database.Tx tx, long userId, long mailboxId, List<MessageMeta> rows,
                                     FlagUpdate update, boolean known) throws SQLException {
        Connection c = tx.c();
        List<Long> failed = new ArrayList<>();
        List<MessageMeta> changed = new ArrayList<>();
        List<Long> uid = new ArrayList<>(), seen = new ArrayList<>();
        List<Long> sameUid = new ArrayList<>(), sameSeen = new ArrayList<>();
        List<Integer> sys = new ArrayList<>();
        List<String> other = new ArrayList<>();
        List<Set<String>> after = new ArrayList<>();
        Set<String> flagsUsed = new LinkedHashSet<>();
        for (MessageMeta m : rows) {
            Set<String> flags = MessageWrites.newFlags(m, update, failed);
            if (flags == null) {
                if (known) {
                    sameUid.add(m.uid());
                    sameSeen.add(m.modSeq());
                }
                continue;
            }
            uid.add(m.uid());
            seen.add(m.modSeq());
            sys.add(Flags.systemBits(flags));
            other.add(Flags.otherFlagsText(flags));
            flagsUsed.addAll(flags);
            after.add(flags);
            changed.add(m);
        }
        if (changed.isEmpty()) {
            if (known) throw new Raced();
            return new FlagResult(List.of(), failed);
        }
        long modSeq;
        boolean one = changed.size() == 1 && sameUid.isEmpty();
        try (PreparedStatement ps = c.prepareStatement(one ? UPDATE_ONE : UPDATE)) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, userId);
            if (one) {
                ps.setInt(3, sys.getFirst());
                ps.setString(4, other.getFirst());
                ps.setLong(5, uid.getFirst());
                ps.setLong(6, seen.getFirst());
            } else {
                ps.setArray(3, c.createArrayOf("int8", uid.toArray()));
                ps.setArray(4, c.createArrayOf("int8", seen.toArray()));
                ps.setArray(5, c.createArrayOf("int4", sys.toArray()));
                ps.setArray(6, c.createArrayOf("text", other.toArray()));
                ps.setArray(7, c.createArrayOf("int8", sameUid.toArray()));
                ps.setArray(8, c.createArrayOf("int8", sameSeen.toArray()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                modSeq = rs.getLong(1);
                if (rs.wasNull()) throw new Raced(); // not the user's, or not selectable
                if (rs.getLong(2) != changed.size() || rs.getLong(3) != sameUid.size()) throw new Raced();
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
