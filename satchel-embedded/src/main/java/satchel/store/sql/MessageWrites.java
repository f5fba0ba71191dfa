package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import satchel.store.AppendResult;
import satchel.store.CopyResult;
import satchel.store.FlagResult;
import satchel.store.FlagUpdate;
import satchel.store.Flags;
import satchel.store.MessageMeta;

/**
 * Writes of messages, always inside the caller's transaction. Each operation takes one new modseq for the
 * mailbox it changes (RFC 7162 §3.1: messages changed by one command may share it) and persists uidnext and
 * highestmodseq in the same transaction, so UIDs are never reused even across a crash.
 */
final class MessageWrites {
    private MessageWrites() {}

    /** Messages {@link Prepared} before the write: here only their rows are inserted. */
    static List<AppendResult> append(Connection c, Contents contents, MailboxRow box, List<Prepared> messages)
            throws SQLException {
        return append(c, contents, box, messages, false);
    }

    /**
     * {@link #append}, and with {@code claimRecent} the first recent UID moved to the new UIDNEXT in the same row
     * update ({@code UserMail.appendClaiming}): the messages and the \Recent claim commit together or not at all.
     */
    static List<AppendResult> append(Connection c, Contents contents, MailboxRow box, List<Prepared> messages,
                                     boolean claimRecent) throws SQLException {
        long modSeq = box.highestModSeq() + 1;
        long uid = box.uidNext();
        List<AppendResult> out = new ArrayList<>();
        Set<String> flagsUsed = new LinkedHashSet<>();
        long[] blobIds = contents.store(c, messages);
        try (PreparedStatement msg = insertMessage(c)) {
            for (int i = 0; i < messages.size(); i++) {
                Prepared p = messages.get(i);
                ObjectRows.assignThread(c, box.userId(), blobIds[i], p.derived().threadKeys());
                addMessage(msg, box.id(), uid, modSeq, p.systemFlags(), p.otherFlags(), p.content().length,
                        p.internalDate(), blobIds[i]);
                flagsUsed.addAll(p.flags());
                out.add(new AppendResult(box.uidValidity(), uid++));
            }
            msg.executeBatch();
        }
        if (claimRecent) {
            Mailboxes.update(c, "uidnext = ?, highestmodseq = ?, first_recent_uid = ?", box.id(), uid, modSeq, uid);
        } else {
            Mailboxes.update(c, "uidnext = ?, highestmodseq = ?", box.id(), uid, modSeq);
        }
        defineKeywords(c, box.id(), flagsUsed);
        return out;
    }

    /**
     * One message whose blob (and what is derived from it) is already stored, e.g. shared by the copies of one
     * delivery to several users: a new UID and modseq in {@code box}, as {@link #append} allocates them.
     */
    static AppendResult appendStored(Connection c, MailboxRow box, Prepared p, long blobId) throws SQLException {
        ObjectRows.assignThread(c, box.userId(), blobId, p.derived().threadKeys());
        long modSeq = box.highestModSeq() + 1;
        long uid = box.uidNext();
        try (PreparedStatement msg = insertMessage(c)) {
            addMessage(msg, box.id(), uid, modSeq, p.systemFlags(), p.otherFlags(), p.content().length,
                    p.internalDate(), blobId);
            msg.executeBatch();
        }
        Mailboxes.update(c, "uidnext = ?, highestmodseq = ?", box.id(), uid + 1, modSeq);
        defineKeywords(c, box.id(), p.flags());
        return new AppendResult(box.uidValidity(), uid);
    }

    private static PreparedStatement insertMessage(Connection c) throws SQLException {
        return c.prepareStatement("INSERT INTO messages (mailbox_id, uid, modseq, added_modseq, sys_flags,"
                + " other_flags, size, internal_date, blob_id, save_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    private static void addMessage(PreparedStatement ps, long mailboxId, long uid, long modSeq, int systemFlags,
                                   String otherFlags, long size, Instant date, long blobId) throws SQLException {
        ps.setLong(1, mailboxId);
        ps.setLong(2, uid);
        ps.setLong(3, modSeq);
        ps.setLong(4, modSeq);
        ps.setInt(5, systemFlags);
        ps.setString(6, otherFlags);
        ps.setLong(7, size);
        ps.setLong(8, date.toEpochMilli());
        ps.setLong(9, blobId);
        ps.setLong(10, System.currentTimeMillis()); // RFC 8514: when it entered this mailbox (APPEND, COPY, MOVE)
        ps.addBatch();
    }

    static FlagResult updateFlags(Connection c, MailboxRow box, List<Long> uids, FlagUpdate update)
            throws SQLException {
        long modSeq = box.highestModSeq() + 1;
        List<MessageMeta> changed = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        Set<String> flagsUsed = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET sys_flags = ?, other_flags = ?,"
                + " modseq = ? WHERE mailbox_id = ? AND uid = ?")) {
            for (Messages.Row r : Messages.existing(c, box.id(), uids)) {
                MessageMeta m = r.meta();
                Set<String> flags = newFlags(m, update, failed);
                if (flags == null) continue;
                ps.setInt(1, Flags.systemBits(flags));
                ps.setString(2, Flags.otherFlagsText(flags));
                ps.setLong(3, modSeq);
                ps.setLong(4, box.id());
                ps.setLong(5, m.uid());
                ps.addBatch();
                flagsUsed.addAll(flags);
                changed.add(new MessageMeta(m.uid(), modSeq, flags, m.size(), m.internalDate()));
            }
            if (!changed.isEmpty()) ps.executeBatch();
        }
        if (!changed.isEmpty()) {
            Mailboxes.update(c, "highestmodseq = ?", box.id(), modSeq);
            defineKeywords(c, box.id(), flagsUsed);
        }
        return new FlagResult(changed, failed);
    }

    /**
     * The flags {@code update} gives {@code m}, or null when it keeps the ones it has. A message modified since
     * UNCHANGEDSINCE is left alone and added to {@code failed} (RFC 7162 §3.1.3).
     */
    static Set<String> newFlags(MessageMeta m, FlagUpdate update, List<Long> failed) {
        if (update.unchangedSince() >= 0 && m.modSeq() > update.unchangedSince()) {
            failed.add(m.uid());
            return null;
        }
        Set<String> flags = Flags.apply(m.flags(), update.mode(), update.flags());
        return flags.equals(m.flags()) ? null : flags;
    }

    /**
     * Removes the rows, leaving tombstones at one new modseq. With {@code retain} (some session holds the mailbox)
     * their blobs stay referenced from {@code retained}, so sessions that still show the messages can serve them,
     * and {@link RetainedPurge} lets them go later; otherwise blobs nobody references any more go at once.
     */
    static List<Long> expunge(Connection c, Contents contents, MailboxRow box, List<Messages.Row> rows, boolean retain)
            throws SQLException {
        if (rows.isEmpty()) return List.of();
        long modSeq = box.highestModSeq() + 1;
        long now = System.currentTimeMillis();
        List<Long> removed = new ArrayList<>();
        Set<Long> blobs = new LinkedHashSet<>();
        try (PreparedStatement del = c.prepareStatement("DELETE FROM messages WHERE mailbox_id = ? AND uid = ?");
             PreparedStatement tomb = c.prepareStatement(
                     "INSERT INTO expunged (mailbox_id, uid, modseq) VALUES (?, ?, ?)");
             PreparedStatement keep = c.prepareStatement("INSERT INTO retained (mailbox_id, uid, modseq, blob_id,"
                     + " expunged_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Messages.Row r : rows) {
                del.setLong(1, box.id());
                del.setLong(2, r.uid());
                del.addBatch();
                tomb.setLong(1, box.id());
                tomb.setLong(2, r.uid());
                tomb.setLong(3, modSeq);
                tomb.addBatch();
                keep.setLong(1, box.id());
                keep.setLong(2, r.uid());
                keep.setLong(3, modSeq);
                keep.setLong(4, r.blobId());
                keep.setLong(5, now);
                if (retain) keep.addBatch();
                removed.add(r.uid());
                blobs.add(r.blobId());
            }
            del.executeBatch();
            tomb.executeBatch();
            if (retain) keep.executeBatch();
        }
        Mailboxes.update(c, "highestmodseq = ?", box.id(), modSeq);
        if (!retain) contents.dropUnused(c, blobs);
        return removed;
    }

    /**
     * Whether any of {@code uids} (not among the existing {@code rows}) names an expunged message, as opposed
     * to a UID never used: COPY and MOVE refuse those (RFC 2180 §4.4.1).
     */
    static boolean anyExpunged(Connection c, long mailboxId, List<Long> uids, List<Messages.Row> rows)
            throws SQLException {
        Set<Long> existing = new java.util.HashSet<>();
        for (Messages.Row r : rows) existing.add(r.uid());
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM expunged WHERE mailbox_id = ? AND uid = ?")) {
            for (long uid : uids) {
                if (existing.contains(uid)) continue;
                ps.setLong(1, mailboxId);
                ps.setLong(2, uid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return true;
                }
            }
        }
        return false;
    }

    /** COPY without duplicating bytes: the new rows point at the same blobs. Flags go along; \Recent is never stored. */
    static CopyResult copy(Connection c, List<Messages.Row> rows, MailboxRow dst) throws SQLException {
        List<Long> srcUids = new ArrayList<>();
        List<Long> dstUids = new ArrayList<>();
        if (rows.isEmpty()) return new CopyResult(dst.uidValidity(), srcUids, dstUids);
        long modSeq = dst.highestModSeq() + 1;
        long uid = dst.uidNext();
        Set<String> flagsUsed = new LinkedHashSet<>();
        try (PreparedStatement msg = insertMessage(c)) {
            for (Messages.Row r : rows) {
                MessageMeta m = r.meta();
                addMessage(msg, dst.id(), uid, modSeq, Flags.systemBits(m.flags()), Flags.otherFlagsText(m.flags()),
                        m.size(), m.internalDate(), r.blobId());
                flagsUsed.addAll(m.flags());
                srcUids.add(m.uid());
                dstUids.add(uid++);
            }
            msg.executeBatch();
        }
        Mailboxes.update(c, "uidnext = ?, highestmodseq = ?", dst.id(), uid, modSeq);
        defineKeywords(c, dst.id(), flagsUsed);
        return new CopyResult(dst.uidValidity(), srcUids, dstUids);
    }

    /** Keywords stay defined for FLAGS once used in a mailbox (as in Dovecot); first spelling wins. */
    static void defineKeywords(Connection c, long mailboxId, Collection<String> flags) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO mailbox_keywords (mailbox_id, keyword_key,"
                + " keyword) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            boolean any = false;
            for (String f : flags) {
                if (!Flags.isKeyword(f)) continue;
                ps.setLong(1, mailboxId);
                ps.setString(2, Flags.key(f));
                ps.setString(3, f);
                ps.addBatch();
                any = true;
            }
            if (any) ps.executeBatch();
        }
    }

    /** Blob ids of every message in the given mailboxes, collected before those messages go. */
    static Set<Long> blobsOf(Connection c, String mailboxCondition, long arg) throws SQLException {
        Set<Long> out = new LinkedHashSet<>();
        for (String table : List.of("messages", "retained")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT blob_id FROM " + table
                    + " WHERE mailbox_id IN (SELECT id FROM mailboxes WHERE " + mailboxCondition + ")")) {
                ps.setLong(1, arg);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }
}
