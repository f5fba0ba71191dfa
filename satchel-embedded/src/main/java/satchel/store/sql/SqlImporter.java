package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import satchel.store.AppendResult;
import satchel.store.Importer;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;
import satchel.store.MailboxLimits;
import satchel.store.MailboxNames;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.UidValidity;

/**
 * {@link Importer} for the SQL stores: the same rows an APPEND writes ({@link MessageWrites#append}, one message at a
 * time so each lands on its own UID), plus UIDVALIDITY set on the mailbox row and the user's counter raised.
 */
final class SqlImporter implements Importer {
    private final Database db;
    private final Contents contents;
    private final long userId;
    private final MailboxLimits limits;
    private final String max; // the dialect's two-argument maximum (SQLite MAX, PostgreSQL GREATEST)
    private final SearchIndexer.Signal indexer;

    SqlImporter(Database db, Contents contents, long userId, MailboxLimits limits, SearchIndexer.Signal indexer) {
        this.indexer = indexer;
        this.db = db;
        this.contents = contents;
        this.userId = userId;
        this.limits = limits;
        this.max = db.dialect().greatest();
    }

    @Override
    public MailboxInfo mailbox(String name, long uidValidity) throws StoreException {
        String n = MailboxNames.normalize(name);
        limits.checkName(n);
        return db.write(tx -> {
            Connection c = tx.c();
            Mailboxes.requireUser(tx, userId);
            Optional<MailboxRow> existing = Mailboxes.byName(c, userId, n);
            MailboxRow box;
            if (existing.filter(MailboxRow::selectable).isPresent()) {
                box = existing.get();
            } else {
                NameOps ops = new NameOps(tx, userId, contents);
                ops.apply(satchel.store.MailboxTree.create(ops.view(), n, Set.of(), limits), _ -> false);
                box = Mailboxes.byName(c, userId, n).orElseThrow();
            }
            boolean fresh = existing.isEmpty() || !existing.get().selectable() || box.uidNext() == 1;
            if (uidValidity <= 0 || !fresh) return box.info();
            if (box.uidValidity() != uidValidity) {
                Optional<MailboxRow> holder = holder(tx, uidValidity);
                if (holder.isPresent() && holder.get().uidNext() != 1) return box.info();
                raiseCounter(c, uidValidity);
                if (holder.isPresent()) { // an unused mailbox (say a new account's Sent) gives the value up
                    Mailboxes.update(c, "uidvalidity = ?", holder.get().id(), nextUidValidity(c));
                    tx.ring().add(holder.get().mailboxId());
                }
            }
            // Also when the value was already this one (both servers take it from the clock): the source's modseqs
            // are what a QRESYNC client knows, and ours must start above them.
            Mailboxes.update(c, "uidvalidity = ?, highestmodseq = " + max + "(highestmodseq, ?)", box.id(), uidValidity,
                    System.currentTimeMillis() / 1000);
            tx.ring().add(box.mailboxId()); // a session on the empty mailbox re-reads it
            return Mailboxes.owned(tx, userId, box.id()).info();
        });
    }

    @Override
    public List<AppendResult> append(MailboxId mailbox, List<Imported> messages) throws StoreException {
        List<Prepared> prepared = new ArrayList<>(messages.size());
        long bytes = 0;
        long previous = 0;
        for (Imported m : messages) {
            if (m.uid() <= previous) throw new StoreException(Kind.CANNOT, "Imported UIDs must ascend");
            previous = m.uid();
            Prepared p = Prepared.of(m.message(), contents);
            prepared.add(p);
            bytes += p.size();
        }
        List<AppendResult> results = db.writeGrowing(tx -> {
            MailboxRow box = Mailboxes.selectable(tx, userId, mailbox.value());
            if (messages.isEmpty()) return List.of();
            if (messages.getFirst().uid() < box.uidNext()) {
                throw new StoreException(Kind.CANNOT, "UID " + messages.getFirst().uid() + " is below UIDNEXT " + box.uidNext());
            }
            List<AppendResult> out = new ArrayList<>(messages.size());
            for (int i = 0; i < prepared.size(); i++) {
                // Each message as its own one-message append at its UID, all sharing the batch's one modseq.
                MailboxRow at = new MailboxRow(box.id(), box.userId(), box.name(), box.uidValidity(),
                        messages.get(i).uid(), box.highestModSeq(), box.firstRecentUid(), true, box.specialUse(),
                        box.subscribed());
                out.addAll(MessageWrites.append(tx.c(), contents, at, List.of(prepared.get(i))));
            }
            // Counted, not refused: the administrator moves the mail in; a user left over quota can delete some.
            Quotas.Delta added = Quotas.Delta.NONE;
            for (Prepared p : prepared) added = added.plus(p.content().length);
            Quotas.count(tx.c(), userId, added);
            tx.ring().add(mailbox);
            return out;
        }, bytes);
        indexer.signal(mailbox, prepared.size());
        return results;
    }

    @Override
    public void finish(MailboxId mailbox, long uidNext) throws StoreException {
        db.write(tx -> {
            Connection c = tx.c();
            MailboxRow box = Mailboxes.selectable(tx, userId, mailbox.value());
            long modSeq = box.highestModSeq() + 1;
            int added = 0;
            long lastUid = Math.max(uidNext, box.uidNext()) - 1;
            // The recursion's first row is UID 1 whatever the bound: an empty mailbox must get no tombstone.
            if (lastUid >= 1) try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE u(x) AS (SELECT 1"
                    + " UNION ALL SELECT x + 1 FROM u WHERE x < ?) INSERT INTO expunged (mailbox_id, uid, modseq)"
                    + " SELECT ?, x, ? FROM u WHERE NOT EXISTS (SELECT 1 FROM messages WHERE mailbox_id = ? AND uid = x)"
                    + " ON CONFLICT DO NOTHING")) {
                ps.setLong(1, lastUid);
                ps.setLong(2, box.id());
                ps.setLong(3, modSeq);
                ps.setLong(4, box.id());
                added = ps.executeUpdate();
            }
            Mailboxes.update(c, "uidnext = ?, highestmodseq = ?", box.id(), Math.max(uidNext, box.uidNext()),
                    added > 0 ? modSeq : box.highestModSeq());
            if (added > 0) tx.ring().add(mailbox);
            return null;
        });
    }

    @Override
    public void keepModSeqs(MailboxId mailbox, java.util.Map<Long, Long> messages, java.util.Map<Long, Long> expunged,
                            long highestModSeq) throws StoreException {
        db.write(tx -> {
            Connection c = tx.c();
            MailboxRow box = Mailboxes.selectable(tx, userId, mailbox.value());
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE messages SET modseq = ?, added_modseq = ? WHERE mailbox_id = ? AND uid = ?")) {
                for (var e : messages.entrySet()) {
                    ps.setLong(1, e.getValue());
                    ps.setLong(2, e.getValue());
                    ps.setLong(3, box.id());
                    ps.setLong(4, e.getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO expunged (mailbox_id, uid, modseq)"
                    + " VALUES (?, ?, ?) ON CONFLICT (mailbox_id, uid) DO UPDATE SET modseq = excluded.modseq")) {
                for (var e : expunged.entrySet()) {
                    ps.setLong(1, box.id());
                    ps.setLong(2, e.getKey());
                    ps.setLong(3, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // Never below a modseq the mailbox holds, whatever the source said.
            try (PreparedStatement ps = c.prepareStatement("UPDATE mailboxes SET highestmodseq = " + max + "(?, "
                    + "COALESCE((SELECT MAX(modseq) FROM messages WHERE mailbox_id = ?), 0), "
                    + "COALESCE((SELECT MAX(modseq) FROM expunged WHERE mailbox_id = ?), 0)) WHERE id = ?")) {
                ps.setLong(1, highestModSeq);
                ps.setLong(2, box.id());
                ps.setLong(3, box.id());
                ps.setLong(4, box.id());
                ps.executeUpdate();
            }
            tx.ring().add(mailbox);
            return null;
        });
    }

    /** The user's mailbox that has this UIDVALIDITY, if any. */
    private Optional<MailboxRow> holder(Database.Tx tx, long uidValidity) throws SQLException, StoreException {
        try (PreparedStatement ps = tx.c().prepareStatement(
                "SELECT id FROM mailboxes WHERE user_id = ? AND uidvalidity = ? LIMIT 1")) {
            ps.setLong(1, userId);
            ps.setLong(2, uidValidity);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Mailboxes.owned(tx, userId, rs.getLong(1))) : Optional.empty();
            }
        }
    }

    /** A fresh value above the counter, which this takes (as {@code Mailboxes.insert} does). */
    private long nextUidValidity(Connection c) throws SQLException {
        long last = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM counters WHERE name = ?")) {
            ps.setString(1, Mailboxes.counterName(userId));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) last = rs.getLong(1);
            }
        }
        long next = UidValidity.next(last);
        raiseCounter(c, next);
        return next;
    }

    /** Later CREATEs must get values above every imported one, as above every issued one (see Mailboxes). */
    private void raiseCounter(Connection c, long uidValidity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO counters (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = " + max + "(counters.value, excluded.value)")) {
            ps.setString(1, Mailboxes.counterName(userId));
            ps.setLong(2, uidValidity);
            ps.executeUpdate();
        }
    }
}
