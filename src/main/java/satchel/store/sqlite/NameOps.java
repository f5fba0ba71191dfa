package satchel.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;
import satchel.store.MailboxLimits;
import satchel.store.MailboxNames;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;

/** CREATE, DELETE and RENAME (RFC 3501 §6.3.3-§6.3.5) inside one write transaction. Names are normalized. */
final class NameOps {
    private NameOps() {}

    static MailboxInfo create(Database.Tx tx, long userId, String name, Set<String> specialUse, MailboxLimits limits)
            throws SQLException, StoreException {
        Connection c = tx.c();
        Optional<MailboxRow> existing = Mailboxes.byName(c, userId, name);
        if (existing.isPresent() && existing.get().selectable()) {
            throw new StoreException(Kind.ALREADY_EXISTS, "Mailbox already exists");
        }
        // A placeholder's parents exist already, and it only changes incarnation.
        if (existing.isEmpty()) {
            limits.checkCount(Mailboxes.count(c, userId), 1 + Mailboxes.missingParents(c, userId, name).size());
        }
        // A \Noselect placeholder comes back to life as a new incarnation (new id and UIDVALIDITY).
        if (existing.isPresent()) deleteRow(c, existing.get().id());
        Mailboxes.insertParents(c, userId, name);
        long id = Mailboxes.insert(c, userId, name, specialUse);
        return Mailboxes.owned(c, userId, id).info();
    }

    static void delete(Database.Tx tx, long userId, String name) throws SQLException, StoreException {
        Connection c = tx.c();
        MailboxRow box = Mailboxes.byName(c, userId, name)
                .orElseThrow(() -> new StoreException(Kind.NONEXISTENT, "No such mailbox"));
        tx.ring().add(box.mailboxId());
        Set<Long> blobs = MessageWrites.blobsOf(c, "id = ?", box.id());
        if (!Mailboxes.hasInferiors(c, userId, name)) {
            deleteRow(c, box.id()); // cascades to messages, tombstones and keywords
        } else if (box.selectable()) {
            // RFC 3501 §6.3.4: the messages go, the name stays as \Noselect for its inferiors.
            for (String table : List.of("messages", "expunged", "retained", "mailbox_keywords")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE mailbox_id = ?")) {
                    ps.setLong(1, box.id());
                    ps.executeUpdate();
                }
            }
            Mailboxes.update(c, "selectable = 0, highestmodseq = ?", box.id(), box.highestModSeq() + 1);
        } else {
            throw new StoreException(Kind.CANNOT, "Mailbox has inferior hierarchical names");
        }
        MessageWrites.dropUnusedBlobs(c, blobs);
    }

    private static void deleteRow(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM mailboxes WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /** {@code held}: whether some session holds a mailbox (by id), so that INBOX's moved messages stay readable. */
    static void rename(Database.Tx tx, long userId, String from, String to, MailboxLimits limits, LongPredicate held)
            throws SQLException, StoreException {
        Connection c = tx.c();
        MailboxRow src = Mailboxes.byName(c, userId, from)
                .orElseThrow(() -> new StoreException(Kind.NONEXISTENT, "No such mailbox"));
        if (Mailboxes.byName(c, userId, to).isPresent()) {
            throw new StoreException(Kind.ALREADY_EXISTS, "Mailbox already exists");
        }
        if (MailboxNames.isDescendant(to, from)) {
            throw new StoreException(Kind.CANNOT, "Cannot rename a mailbox into itself");
        }
        // The old superiors stay, so a RENAME adds the new ones it needs (and INBOX's new mailbox itself).
        int adding = Mailboxes.missingParents(c, userId, to).size() + (MailboxNames.isInbox(from) ? 1 : 0);
        limits.checkCount(Mailboxes.count(c, userId), adding);
        if (MailboxNames.isInbox(from)) {
            renameInbox(tx, userId, src, to, held.test(src.id()));
            return;
        }
        List<MailboxRow> moving = Mailboxes.inferiors(c, userId, from);
        // Inferiors move deeper with their parent: each new name must fit too (work in proportion to the rows).
        for (MailboxRow r : moving) limits.checkName(MailboxNames.renamed(r.name(), from, to));
        // Every existing name's superiors exist, and "to" does not, so no new name can collide mid-way.
        try (PreparedStatement ps = c.prepareStatement("UPDATE mailboxes SET name = ? WHERE id = ?")) {
            for (MailboxRow r : concat(src, moving)) {
                ps.setString(1, MailboxNames.renamed(r.name(), from, to));
                ps.setLong(2, r.id());
                ps.addBatch();
                tx.ring().add(r.mailboxId());
            }
            ps.executeBatch();
        }
        Mailboxes.insertParents(c, userId, to);
    }

    private static List<MailboxRow> concat(MailboxRow first, List<MailboxRow> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }

    /**
     * RFC 3501 §6.3.5: INBOX's messages move to a new mailbox (keeping their UIDs: the new mailbox has its own
     * UIDVALIDITY); INBOX stays, empty, with tombstones for QRESYNC; its inferiors do not move.
     */
    private static void renameInbox(Database.Tx tx, long userId, MailboxRow inbox, String to, boolean held)
            throws SQLException, StoreException {
        Connection c = tx.c();
        Mailboxes.insertParents(c, userId, to);
        long dst = Mailboxes.insert(c, userId, to, Set.of());
        Mailboxes.update(c, "uidnext = ?, highestmodseq = ?, first_recent_uid = ?", dst,
                inbox.uidNext(), inbox.highestModSeq(), inbox.firstRecentUid());
        long modSeq = inbox.highestModSeq() + 1;
        exec(c, "INSERT INTO expunged (mailbox_id, uid, modseq) SELECT ?, uid, ? FROM messages WHERE mailbox_id = ?",
                inbox.id(), modSeq, inbox.id());
        if (held) { // sessions on INBOX still show the moved messages until they hear of the expunge
            exec(c, "INSERT INTO retained (mailbox_id, uid, modseq, blob_id, expunged_at) SELECT ?, uid, ?, blob_id, ?"
                    + " FROM messages WHERE mailbox_id = ?", inbox.id(), modSeq, System.currentTimeMillis(), inbox.id());
        }
        exec(c, "INSERT INTO mailbox_keywords (mailbox_id, keyword_key, keyword) SELECT ?, keyword_key, keyword"
                + " FROM mailbox_keywords WHERE mailbox_id = ?", dst, inbox.id());
        exec(c, "UPDATE messages SET mailbox_id = ? WHERE mailbox_id = ?", dst, inbox.id());
        Mailboxes.update(c, "highestmodseq = ?", inbox.id(), modSeq);
        tx.ring().add(inbox.mailboxId());
        tx.ring().add(new MailboxId(dst));
    }

    private static void exec(Connection c, String sql, long... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setLong(i + 1, args[i]);
            ps.executeUpdate();
        }
    }
}
