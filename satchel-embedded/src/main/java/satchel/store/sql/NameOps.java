package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import satchel.store.MailboxId;
import satchel.store.MailboxTree;
import satchel.store.MailboxTree.State;
import satchel.store.MailboxTree.Step;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;

/**
 * Applies {@link MailboxTree}'s steps for CREATE, DELETE and RENAME to the SQL tables, inside one write
 * transaction. The rules are there; only storage is here.
 */
final class NameOps {
    private final Database.Tx tx;
    private final Connection c;
    private final long userId;
    private final Contents contents;

    NameOps(Database.Tx tx, long userId, Contents contents) {
        this.tx = tx;
        this.c = tx.c();
        this.userId = userId;
        this.contents = contents;
    }

    /** The tree as {@link MailboxTree} reads it. */
    MailboxTree.View<SQLException> view() {
        return new MailboxTree.View<>() {
            @Override public State state(String name) throws SQLException {
                return Mailboxes.byName(c, userId, name)
                        .map(r -> r.selectable() ? State.SELECTABLE : State.PLACEHOLDER).orElse(State.MISSING);
            }

            @Override public long count() throws SQLException {
                return Mailboxes.count(c, userId);
            }

            @Override public boolean hasInferiors(String name) throws SQLException {
                return Mailboxes.hasInferiors(c, userId, name);
            }

            @Override public List<String> inferiors(String name) throws SQLException {
                return Mailboxes.inferiors(c, userId, name).stream().map(MailboxRow::name).toList();
            }
        };
    }

    /** {@code held}: whether some session holds a mailbox (by id), so that INBOX's moved messages stay readable. */
    void apply(List<Step> steps, LongPredicate held) throws SQLException, StoreException {
        for (Step step : steps) {
            switch (step) {
                case Step.Insert(String name, Set<String> specialUse) -> Mailboxes.insert(c, userId, name, specialUse);
                case Step.Remove(String name) -> remove(row(name));
                case Step.Empty(String name) -> empty(row(name));
                case Step.Rename(String from, String to) -> rename(row(from), to);
                case Step.MoveInbox(String to) -> {
                    MailboxRow inbox = row(satchel.store.MailboxNames.INBOX);
                    moveInbox(inbox, to, held.test(inbox.id()));
                }
            }
        }
    }

    private MailboxRow row(String name) throws SQLException, StoreException {
        Optional<MailboxRow> r = Mailboxes.byName(c, userId, name);
        return r.orElseThrow(() -> new StoreException(Kind.NONEXISTENT, "No such mailbox"));
    }

    private void remove(MailboxRow box) throws SQLException {
        tx.ring().add(box.mailboxId());
        uncount(box);
        Set<Long> blobs = MessageWrites.blobsOf(c, "id = ?", box.id());
        exec("DELETE FROM mailboxes WHERE id = ?", box.id()); // cascades to messages, tombstones and keywords
        contents.dropUnused(c, blobs);
    }

    private void empty(MailboxRow box) throws SQLException {
        tx.ring().add(box.mailboxId());
        uncount(box);
        Set<Long> blobs = MessageWrites.blobsOf(c, "id = ?", box.id());
        for (String table : List.of("messages", "expunged", "retained", "mailbox_keywords", "mailbox_metadata")) {
            exec("DELETE FROM " + table + " WHERE mailbox_id = ?", box.id());
        }
        Mailboxes.update(c, "selectable = 0, highestmodseq = ?", box.id(), box.highestModSeq() + 1);
        contents.dropUnused(c, blobs);
    }

    /** The mailbox's messages leave the user's quota usage (RFC 9208: DELETE frees what its messages used). */
    private void uncount(MailboxRow box) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(SUM(size), 0), COUNT(*) FROM messages WHERE mailbox_id = ?")) {
            ps.setLong(1, box.id());
            try (var rs = ps.executeQuery()) {
                rs.next();
                Quotas.count(c, userId, new Quotas.Delta(-rs.getLong(1), -rs.getLong(2)));
            }
        }
    }

    private void rename(MailboxRow box, String to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE mailboxes SET name = ? WHERE id = ?")) {
            ps.setString(1, to);
            ps.setLong(2, box.id());
            ps.executeUpdate();
        }
        tx.ring().add(box.mailboxId());
    }

    /** RFC 3501 §6.3.5, see {@link Step.MoveInbox}. */
    private void moveInbox(MailboxRow inbox, String to, boolean held) throws SQLException {
        long dst = Mailboxes.insert(c, userId, to, Set.of());
        Mailboxes.update(c, "uidnext = ?, highestmodseq = ?, first_recent_uid = ?", dst,
                inbox.uidNext(), inbox.highestModSeq(), inbox.firstRecentUid());
        long modSeq = inbox.highestModSeq() + 1;
        exec("INSERT INTO expunged (mailbox_id, uid, modseq) SELECT ?, uid, ? FROM messages WHERE mailbox_id = ?",
                inbox.id(), modSeq, inbox.id());
        if (held) { // sessions on INBOX still show the moved messages until they hear of the expunge
            exec("INSERT INTO retained (mailbox_id, uid, modseq, blob_id, expunged_at) SELECT ?, uid, ?, blob_id, ?"
                    + " FROM messages WHERE mailbox_id = ?", inbox.id(), modSeq, System.currentTimeMillis(), inbox.id());
        }
        exec("INSERT INTO mailbox_keywords (mailbox_id, keyword_key, keyword) SELECT ?, keyword_key, keyword"
                + " FROM mailbox_keywords WHERE mailbox_id = ?", dst, inbox.id());
        exec("UPDATE messages SET mailbox_id = ? WHERE mailbox_id = ?", dst, inbox.id());
        Mailboxes.update(c, "highestmodseq = ?", inbox.id(), modSeq);
        tx.ring().add(inbox.mailboxId());
        tx.ring().add(new MailboxId(dst));
    }

    private void exec(String sql, long... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setLong(i + 1, args[i]);
            ps.executeUpdate();
        }
    }
}
