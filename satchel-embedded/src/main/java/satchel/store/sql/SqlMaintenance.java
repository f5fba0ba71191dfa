package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import satchel.mime.MessageStructure;
import satchel.mime.RenderedStructure;
import satchel.store.MailboxId;
import satchel.store.StoreException;
import satchel.store.StoreMaintenance;
import satchel.store.StoreMaintenance.Problem;
import satchel.store.StoreMaintenance.Progress;
import satchel.store.StoreMaintenance.Report;
import satchel.store.StoreMaintenance.Totals;

/**
 * {@link StoreMaintenance} for the SQL stores. Reads run in read transactions; each repair is its own short write
 * transaction, so the check can run next to a live server (repairs then look again before they change a row).
 * No content hash is stored, so bytes are checked against their recorded size and their stored MIME structure.
 */
final class SqlMaintenance {
    private static final int BATCH = 200;
    private static final String WHERE = "(SELECT u.name || '/' || mb.name FROM mailboxes mb JOIN users u"
            + " ON u.id = mb.user_id WHERE mb.id = m.mailbox_id)";

    private final Database db;
    private final Contents contents;
    private final String max;
    private final String min;

    SqlMaintenance(Database db, Contents contents) {
        this.db = db;
        this.contents = contents;
        this.max = db.dialect().greatest();
        this.min = db.dialect().least();
    }

    Totals totals() throws StoreException {
        return db.read(tx -> {
            Connection c = tx.c();
            long[] m = longs(c, "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM messages");
            long[] b = longs(c, "SELECT COUNT(*), COALESCE(SUM(LENGTH(content)), 0) FROM blobs");
            return new Totals(longs(c, "SELECT COUNT(*) FROM users")[0], longs(c, "SELECT COUNT(*) FROM mailboxes")[0],
                    m[0], m[1], b[0], b[1]);
        });
    }

    Report check(boolean repair, Progress progress) throws StoreException {
        List<Problem> problems = new ArrayList<>();
        progress.update("integrity", 0, 1);
        for (String line : db.read(tx -> db.dialect().integrity(tx.c()))) {
            problems.add(new Problem("database", line, false));
        }
        progress.update("integrity", 1, 1);
        dangling(repair, problems);
        counters(repair, progress, problems);
        messages(repair, progress, problems);
        foldedHeaders(repair, problems);
        QuotaCheck.run(db, repair, problems); // last: the repairs above may have changed sizes and messages
        Totals t = totals();
        return new Report(t.users(), t.mailboxes(), t.messages(), problems);
    }

    /** Rows pointing at nothing (possible only if foreign keys were off at some point) and unused blobs. */
    private void dangling(boolean repair, List<Problem> problems) throws StoreException {
        fix(repair, problems, "SELECT 'mailbox ' || id, 'mailbox of a deleted user' FROM mailboxes"
                + " WHERE user_id NOT IN (SELECT id FROM users)",
                "DELETE FROM mailboxes WHERE user_id NOT IN (SELECT id FROM users)");
        fix(repair, problems, "SELECT 'mailbox ' || mailbox_id || ' uid ' || uid, 'message in a deleted mailbox'"
                + " FROM messages WHERE mailbox_id NOT IN (SELECT id FROM mailboxes)",
                "DELETE FROM messages WHERE mailbox_id NOT IN (SELECT id FROM mailboxes)");
        fix(repair, problems, "SELECT " + WHERE + " || ' uid ' || uid, 'message bytes missing (blob '"
                + " || blob_id || ')' FROM messages m WHERE blob_id NOT IN (SELECT id FROM blobs)", null);
        if (repair) expungeBlobless(problems);
        // Bytes of an expunged message a session may still show (table retained) are in use too.
        fix(repair, problems, "SELECT 'blob ' || id, 'stored bytes no message uses' FROM blobs b"
                + " WHERE NOT EXISTS (SELECT 1 FROM messages WHERE blob_id = b.id)"
                + " AND NOT EXISTS (SELECT 1 FROM retained WHERE blob_id = b.id)",
                "DELETE FROM blobs WHERE NOT EXISTS (SELECT 1 FROM messages WHERE blob_id = blobs.id)"
                        + " AND NOT EXISTS (SELECT 1 FROM retained WHERE blob_id = blobs.id)");
    }

    /** Messages whose bytes are gone cannot be served: expunge them properly (tombstone, new modseq). */
    private void expungeBlobless(List<Problem> problems) throws StoreException {
        db.write(tx -> {
            Connection c = tx.c();
            List<long[]> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT mailbox_id, uid FROM messages"
                    + " WHERE blob_id NOT IN (SELECT id FROM blobs)"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
            for (long[] r : rows) {
                exec(c, "UPDATE mailboxes SET highestmodseq = highestmodseq + 1 WHERE id = ?", r[0]);
                exec(c, "INSERT INTO expunged (mailbox_id, uid, modseq) SELECT ?, ?, highestmodseq FROM mailboxes"
                        + " WHERE id = ? ON CONFLICT DO NOTHING", r[0], r[1], r[0]);
                exec(c, "DELETE FROM messages WHERE mailbox_id = ? AND uid = ?", r[0], r[1]);
                tx.ring().add(new MailboxId(r[0]));
            }
            if (!rows.isEmpty()) {
                problems.replaceAll(p -> p.what().startsWith("message bytes missing")
                        ? new Problem(p.where(), p.what() + ", expunged", true) : p);
            }
            return null;
        });
    }

    /** uidnext above every UID ever used, highestmodseq at least every modseq, first recent UID within range. */
    private void counters(boolean repair, Progress progress, List<Problem> problems) throws StoreException {
        record Box(long id, String where, long uidNext, long highest, long firstRecent, long maxUid, long maxModSeq) {}
        List<Box> boxes = db.read(tx -> {
            List<Box> out = new ArrayList<>();
            try (PreparedStatement ps = tx.c().prepareStatement("SELECT mb.id, u.name || '/' || mb.name, mb.uidnext,"
                    + " mb.highestmodseq, mb.first_recent_uid,"
                    + " " + max + "(COALESCE((SELECT MAX(uid) FROM messages WHERE mailbox_id = mb.id), 0),"
                    + "     COALESCE((SELECT MAX(uid) FROM expunged WHERE mailbox_id = mb.id), 0)),"
                    + " " + max + "(COALESCE((SELECT MAX(modseq) FROM messages WHERE mailbox_id = mb.id), 0),"
                    + "     COALESCE((SELECT MAX(modseq) FROM expunged WHERE mailbox_id = mb.id), 0))"
                    + " FROM mailboxes mb JOIN users u ON u.id = mb.user_id ORDER BY mb.id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Box(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7)));
                }
            }
            return out;
        });
        int done = 0;
        for (Box b : boxes) {
            progress.update("counters", done++, boxes.size());
            long uidNext = Math.max(b.uidNext(), b.maxUid() + 1);
            long highest = Math.max(b.highest(), b.maxModSeq());
            long firstRecent = Math.min(b.firstRecent(), uidNext);
            if (uidNext != b.uidNext()) {
                problems.add(new Problem(b.where(), "uidnext " + b.uidNext() + " but UID " + b.maxUid() + " used", repair));
            }
            if (highest != b.highest()) {
                problems.add(new Problem(b.where(), "highestmodseq " + b.highest() + " below modseq " + b.maxModSeq(),
                        repair));
            }
            if (firstRecent != b.firstRecent()) {
                problems.add(new Problem(b.where(), "first recent UID " + b.firstRecent() + " beyond uidnext", repair));
            }
            if (repair && (uidNext != b.uidNext() || highest != b.highest() || firstRecent != b.firstRecent())) {
                db.write(tx -> {
                    // MAX/MIN again inside the write: a live server may have moved on since the read.
                    exec(tx.c(), "UPDATE mailboxes SET uidnext = " + max + "(uidnext, ?), highestmodseq = " + max
                            + "(highestmodseq, ?), first_recent_uid = " + min + "(first_recent_uid, " + max
                            + "(uidnext, ?)) WHERE id = ?",
                            uidNext, highest, uidNext, b.id());
                    tx.ring().add(new MailboxId(b.id()));
                    return null;
                });
            }
        }
        progress.update("counters", boxes.size(), boxes.size());
    }

    /** Every message's bytes as long as its size; every blob's structure readable. */
    private void messages(boolean repair, Progress progress, List<Problem> problems) throws StoreException {
        fix(repair, problems, "SELECT " + WHERE + " || ' uid ' || m.uid, 'size ' || m.size || ' but '"
                + " || LENGTH(b.content) || ' bytes stored' FROM messages m JOIN blobs b ON b.id = m.blob_id"
                + " WHERE LENGTH(b.content) != m.size",
                "UPDATE messages SET size = (SELECT LENGTH(content) FROM blobs WHERE id = messages.blob_id)"
                        + " WHERE size != (SELECT LENGTH(content) FROM blobs WHERE id = messages.blob_id)");
        long total = db.read(tx -> longs(tx.c(), "SELECT COUNT(DISTINCT blob_id) FROM messages")[0]);
        long done = 0;
        long after = 0;
        while (true) {
            long from = after;
            List<Long> broken = new ArrayList<>();
            List<Rerender> stale = new ArrayList<>();
            long[] last = {from};
            int n = db.read(tx -> {
                int count = 0;
                try (PreparedStatement ps = tx.c().prepareStatement(
                        // unused blobs are reported (and dropped) above; a blob without a structures row is broken too
                        "SELECT b.id, s.structure, s.rendered FROM blobs b LEFT JOIN structures s ON s.blob_id = b.id"
                                + " WHERE b.id > ? AND EXISTS (SELECT 1 FROM messages WHERE blob_id = b.id)"
                                + " ORDER BY b.id LIMIT " + BATCH)) {
                    ps.setLong(1, from);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            count++;
                            last[0] = rs.getLong(1);
                            byte[] structure = rs.getBytes(2);
                            if (!MessageStructure.decodable(structure)) {
                                broken.add(last[0]);
                            } else {
                                Rerender r = Rerender.ifStale(last[0], structure, rs.getBytes(3));
                                if (r != null) stale.add(r);
                            }
                        }
                    }
                }
                return count;
            });
            if (n == 0) break;
            after = last[0];
            done += n;
            for (long id : broken) {
                problems.add(new Problem("blob " + id, "MIME structure missing or unreadable", repair));
                if (repair) reparse(id);
            }
            for (Rerender r : stale) {
                problems.add(new Problem("blob " + r.blobId(), r.expected() == null
                        ? "ENVELOPE/BODYSTRUCTURE cannot be rendered from the stored structure"
                        : "rendered ENVELOPE/BODYSTRUCTURE differs from the stored structure", repair));
                if (repair) rerender(r);
            }
            progress.update("messages", done, total);
        }
        progress.update("messages", total, total);
    }


    /**
     * A rendered ENVELOPE/BODYSTRUCTURE that is not what the stored structure renders to: FETCH copies the rendered
     * bytes, so a wrong one is served as is. NULL is not a problem (the backfill renders it) unless it cannot be made.
     */
    private record Rerender(long blobId, byte[] expected) {
        static Rerender ifStale(long blobId, byte[] structure, byte[] rendered) {
            byte[] expected;
            try {
                expected = RenderedStructure.of(structure);
            } catch (IllegalArgumentException e) {
                return new Rerender(blobId, null);
            }
            return rendered == null || Arrays.equals(rendered, expected) ? null : new Rerender(blobId, expected);
        }
    }

    /** Writes the rendered form again, or rebuilds everything from the bytes when the structure cannot render. */
    private void rerender(Rerender r) throws StoreException {
        if (r.expected() == null) {
            reparse(r.blobId());
            return;
        }
        db.write(tx -> {
            try (PreparedStatement ps = tx.c().prepareStatement("UPDATE structures SET rendered = ? WHERE blob_id = ?")) {
                ps.setBytes(1, r.expected());
                ps.setLong(2, r.blobId());
                ps.executeUpdate();
            }
            return null;
        }, r.expected().length);
    }

    /** A derived row header SEARCH reads ({@link SearchHeaderRows}); without it the answers stay right, only slower. */
    private void foldedHeaders(boolean repair, List<Problem> problems) throws StoreException {
        List<Long> missing = db.read(tx -> SearchHeaderRows.missing(tx.c()));
        for (long id : missing) problems.add(new Problem("blob " + id, "folded header row missing", repair));
        if (repair && !missing.isEmpty()) {
            db.write(tx -> {
                SearchHeaderRows.fill(tx.c(), missing);
                return null;
            });
        }
    }

    private void reparse(long blobId) throws StoreException {
        byte[] content = db.read(tx -> contents.blobs().get(tx.c(), blobId).orElse(null));
        if (content == null) return;
        Derived derived = Derived.of(MessageStructure.parse(content)); // outside the write lock: parsing takes time
        String[] document = contents.fullText().row(SearchDocument.of(MessageStructure.parse(content)));
        db.write(tx -> {
            // The structure, search text and index row are rebuilt together.
            Derived.delete(tx.c(), contents.fullText(), List.of(blobId));
            derived.insertData(tx.c(), blobId);
            Optional<Long> owner = ownerOf(tx.c(), blobId);
            if (owner.isPresent()) contents.fullText().insert(tx.c(), owner.get(), blobId, document);
            return null;
        });
    }

    /** Whose messages use the blob, if anyone's. */
    private static Optional<Long> ownerOf(Connection c, long blobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT b.user_id FROM messages m JOIN mailboxes b"
                + " ON b.id = m.mailbox_id WHERE m.blob_id = ? LIMIT 1")) {
            ps.setLong(1, blobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Reports each row {@code find} returns (where, what); with repair, runs {@code fixSql} once. */
    private void fix(boolean repair, List<Problem> problems, String find, String fixSql) throws StoreException {
        List<String[]> found = db.read(tx -> {
            List<String[]> out = new ArrayList<>();
            try (PreparedStatement ps = tx.c().prepareStatement(find); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new String[] {String.valueOf(rs.getString(1)), rs.getString(2)});
            }
            return out;
        });
        if (found.isEmpty()) return;
        boolean fixed = repair && fixSql != null;
        for (String[] f : found) problems.add(new Problem(f[0], f[1], fixed));
        if (fixed) {
            db.write(tx -> {
                exec(tx.c(), fixSql);
                return null;
            });
        }
    }

    private static void exec(Connection c, String sql, long... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setLong(i + 1, args[i]);
            ps.executeUpdate();
        }
    }

    private static long[] longs(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long[] out = new long[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < out.length; i++) out[i] = rs.getLong(i + 1);
            return out;
        }
    }
}
