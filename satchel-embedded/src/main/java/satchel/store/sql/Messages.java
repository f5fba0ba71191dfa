package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import satchel.mime.FoldedSearch;
import satchel.mime.MessageStructure;
import satchel.store.Change;
import satchel.store.ChangeOrder;
import satchel.store.Flags;
import satchel.store.MailboxStatus;
import satchel.store.MessageMeta;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;

/** Reads of {@code messages}, {@code expunged} and {@code blobs}. */
final class Messages {
    private Messages() {}

    /** A stored message as the write paths need it. */
    record Row(MessageMeta meta, long addedModSeq, long blobId) {
        long uid() { return meta.uid(); }
    }

    private static final String COLUMNS = "uid, modseq, added_modseq, sys_flags, other_flags, size, internal_date,"
            + " blob_id";

    /**
     * Flag sets of one read, shared between rows with equal stored flags, since a mailbox usually holds only a
     * handful of distinct combinations.
     */
    private static final class StoredFlags {
        @SuppressWarnings("unchecked")
        private final Set<String>[] systemOnly = new Set[32]; // by sys_flags (Flags.systemBits): no key to build
        private final Map<String, Set<String>> withKeywords = new HashMap<>();

        Set<String> of(int bits, String other) {
            if ((other == null || other.isEmpty()) && bits >= 0 && bits < systemOnly.length) {
                Set<String> flags = systemOnly[bits];
                return flags != null ? flags : (systemOnly[bits] = Flags.fromStored(bits, null));
            }
            return withKeywords.computeIfAbsent(bits + ":" + other, _ -> Flags.fromStored(bits, other));
        }
    }

    /** A row's meta from its columns uid, modseq, added_modseq, sys_flags, other_flags, size, internal_date. */
    private static MessageMeta meta(ResultSet rs, int first, StoredFlags flags) throws SQLException {
        return new MessageMeta(rs.getLong(first), rs.getLong(first + 1),
                flags.of(rs.getInt(first + 3), rs.getString(first + 4)), rs.getLong(first + 5),
                Instant.ofEpochMilli(rs.getLong(first + 6)));
    }

    /** A message changed since {@code since}: added then, or only its flags. */
    private static Change changed(MessageMeta meta, long addedModSeq, long since) {
        return addedModSeq > since ? new Change.Added(meta) : new Change.FlagsChanged(meta);
    }

    private static List<Row> rows(PreparedStatement ps) throws SQLException {
        StoredFlags flags = new StoredFlags();
        List<Row> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new Row(meta(rs, 1, flags), rs.getLong(3), rs.getLong(8)));
        }
        return out;
    }

    static List<MessageMeta> all(Connection c, long mailboxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM messages WHERE mailbox_id = ? ORDER BY uid")) {
            ps.setLong(1, mailboxId);
            return rows(ps).stream().map(Row::meta).toList();
        }
    }

    /**
     * Every message of a mailbox to {@code scan}, ascending: one range scan of the primary key (mailbox_id, uid),
     * which holds the row on SQLite (WITHOUT ROWID) and is read through a cursor in pages on PostgreSQL (the fetch
     * size, inside the read's transaction), so no list of the rows is built. Each column read is a call into the
     * driver (JNI for SQLite), the larger part of the cost on a million rows: the UID, the system flags and whether
     * there are keywords come packed in one number ({@link #PACKED}), and the keyword text is read only for rows
     * that have some.
     */
    static void scan(Connection c, long mailboxId, satchel.store.MailboxScan scan) throws SQLException {
        StoredFlags stored = new StoredFlags();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PACKED + ", modseq, size, internal_date, other_flags"
                + " FROM messages WHERE mailbox_id = ? ORDER BY uid")) {
            ps.setLong(1, mailboxId);
            ps.setFetchSize(4096);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long packed = rs.getLong(1);
                    int bits = (int) (packed >>> 32) & 0xFF;
                    Set<String> flags = stored.of(bits, (packed & KEYWORDS) == 0 ? null : rs.getString(5));
                    scan.message(packed & 0xFFFF_FFFFL, rs.getLong(2), flags, rs.getLong(3), rs.getLong(4));
                }
            }
        }
    }

    /** Bit 40 of {@link #PACKED}: the row has keywords (other_flags not empty). */
    private static final long KEYWORDS = 1L << 40;
    /**
     * UID (32 bits, RFC 9051 §2.3.1.1), sys_flags above it (bits 32 to 39), {@link #KEYWORDS}; in arithmetic with
     * literals above 2^31, which both dialects take as 64-bit.
     */
    private static final String PACKED = "uid + sys_flags * 4294967296"
            + " + CASE WHEN other_flags = '' THEN 0 ELSE 1099511627776 END";

    /**
     * The existing messages among {@code uids}, ascending. One range scan between the smallest and largest UID
     * asked for, filtered here: cheap for "1:*" and bounded by the mailbox size for sparse sets.
     */
    static List<Row> existing(Connection c, long mailboxId, List<Long> uids) throws SQLException {
        return existing(c, mailboxId, uids, "");
    }

    /**
     * {@link #existing}, only if {@code mailboxId} is the user's and selectable (otherwise none), read without a lock
     * and without a round trip of its own for the mailbox.
     */
    static List<Row> existingIfSelectable(Connection c, long userId, long mailboxId, List<Long> uids)
            throws SQLException {
        return existing(c, mailboxId, uids, " AND EXISTS (SELECT 1 FROM mailboxes WHERE id = ? AND user_id = ?"
                + " AND selectable <> 0)", mailboxId, userId);
    }

    /** {@link #existing} with {@code condition} on the rows, its parameters {@code values}. */
    private static List<Row> existing(Connection c, long mailboxId, List<Long> uids, String condition, long... values)
            throws SQLException {
        if (uids.isEmpty()) return List.of();
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (long u : uids) {
            min = Math.min(min, u);
            max = Math.max(max, u);
        }
        Set<Long> wanted = new HashSet<>(uids);
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM messages WHERE mailbox_id = ? AND uid BETWEEN ? AND ?" + condition + " ORDER BY uid")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, min);
            ps.setLong(3, max);
            for (int i = 0; i < values.length; i++) ps.setLong(4 + i, values[i]);
            return rows(ps).stream().filter(r -> wanted.contains(r.uid())).toList();
        }
    }

    /**
     * {@link #status} with the read of the mailbox row and the check that it is the user's and selectable, in one
     * statement (one round trip on PostgreSQL instead of three: the row, the counts and the COMMIT). Empty if the
     * check fails: the caller asks the ordinary way, for the error.
     */
    static Optional<MailboxStatus> statusChecked(Connection c, long userId, long mailboxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT b.uidnext, b.uidvalidity, b.highestmodseq, "
                + statusCounts("b.first_recent_uid") + " FROM mailboxes b LEFT JOIN messages m ON m.mailbox_id = b.id"
                + " WHERE b.id = ? AND b.user_id = ? AND b.selectable <> 0"
                + " GROUP BY b.id, b.uidnext, b.uidvalidity, b.highestmodseq, b.first_recent_uid")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new MailboxStatus(rs.getLong(4), rs.getLong(5), rs.getLong(1), rs.getLong(2),
                        rs.getLong(6), rs.getLong(3), rs.getLong(7), rs.getLong(8), rs.getLong(9)));
            }
        }
    }

    /**
     * STATUS by name in one statement (PostgreSQL, issue 12: the lookup by name was a round trip of its own): the
     * mailbox row and its counts; empty if the user has no selectable mailbox of that (normalized) name.
     */
    static Optional<MailboxStatus.Of> statusByName(Connection c, long userId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + MailboxRow.columns("b") + ", "
                + statusCounts("b.first_recent_uid") + " FROM mailboxes b LEFT JOIN messages m ON m.mailbox_id = b.id"
                + " WHERE b.user_id = ? AND b.name = ? AND b.selectable <> 0 GROUP BY b.id")) {
            ps.setLong(1, userId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                MailboxRow box = MailboxRow.read(rs);
                return Optional.of(new MailboxStatus.Of(box.info(), new MailboxStatus(rs.getLong(11), rs.getLong(12),
                        box.uidNext(), box.uidValidity(), rs.getLong(13), box.highestModSeq(), rs.getLong(14),
                        rs.getLong(15), rs.getLong(16))));
            }
        }
    }

    /**
     * STATUS's six counts over messages {@code m} (the columns MailboxStatus takes from them, in its order): messages,
     * recent (UID at least {@code firstRecent}), unseen, size, deleted and their size.
     */
    private static String statusCounts(String firstRecent) {
        return "COUNT(m.uid),"
                + " COALESCE(SUM(CASE WHEN m.uid >= " + firstRecent + " THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN (m.sys_flags & " + Flags.SEEN_BIT + ") = 0 THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(m.size), 0),"
                + " COALESCE(SUM(CASE WHEN (m.sys_flags & " + Flags.DELETED_BIT + ") <> 0 THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN (m.sys_flags & " + Flags.DELETED_BIT + ") <> 0 THEN m.size ELSE 0 END), 0)";
    }

    static MailboxStatus status(Connection c, MailboxRow box) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + statusCounts("?")
                + " FROM messages m WHERE m.mailbox_id = ?")) {
            ps.setLong(1, box.firstRecentUid());
            ps.setLong(2, box.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new MailboxStatus(rs.getLong(1), rs.getLong(2), box.uidNext(), box.uidValidity(),
                        rs.getLong(3), box.highestModSeq(), rs.getLong(4), rs.getLong(5), rs.getLong(6));
            }
        }
    }

    /**
     * {@link #changesSince} and the check that the user's mailbox is selectable in one statement, which sees one
     * snapshot on its own: where each statement is a network round trip (PostgreSQL), the per-command check of a
     * selected mailbox costs one trip instead of four (the check, two reads and the COMMIT of a read transaction).
     * Empty if the mailbox is not the user's or not selectable: the caller then asks the ordinary way, for the error.
     */
    static Optional<List<Change>> changesSinceChecked(Connection c, long userId, long mailboxId, long since)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                WITH box AS (SELECT id FROM mailboxes WHERE id = ? AND user_id = ? AND selectable <> 0)
                SELECT 0, uid, modseq, added_modseq, sys_flags, other_flags, size, internal_date FROM messages
                 WHERE mailbox_id = (SELECT id FROM box) AND modseq > ?
                UNION ALL SELECT 1, uid, modseq, 0, 0, '', 0, 0 FROM expunged
                 WHERE mailbox_id = (SELECT id FROM box) AND modseq > ?
                UNION ALL SELECT 2, 0, 0, 0, 0, '', 0, 0 FROM box""")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, userId);
            ps.setLong(3, since);
            ps.setLong(4, since);
            List<Change> out = new ArrayList<>();
            boolean found = false;
            StoredFlags flags = new StoredFlags();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    switch (rs.getInt(1)) {
                        case 0 -> out.add(changed(meta(rs, 2, flags), rs.getLong(4), since));
                        case 1 -> out.add(new Change.Expunged(rs.getLong(2), rs.getLong(3)));
                        default -> found = true;
                    }
                }
            }
            if (!found) return Optional.empty();
            out.sort(ChangeOrder.BY_MODSEQ);
            return Optional.of(out);
        }
    }

    /** One caller's question to {@link #changesSinceCheckedMany}: its user's mailbox and the modseq to read from. */
    record ChangeQuery(long userId, long mailboxId, long since) {}

    /**
     * {@link #changesSinceChecked} for several questions in one statement (arrays in, each row tagged with its
     * question's place), in one snapshot: where each statement is a round trip (PostgreSQL), the sessions of a node
     * that check their selected mailboxes at the same moment share one ({@link ChangeReads}). Answers in the order of
     * {@code qs}; empty for a question whose mailbox is not its user's or not selectable.
     */
    static List<Optional<List<Change>>> changesSinceCheckedMany(Connection c, List<ChangeQuery> qs)
            throws SQLException {
        int n = qs.size();
        Long[] users = new Long[n];
        Long[] boxes = new Long[n];
        Long[] since = new Long[n];
        for (int i = 0; i < n; i++) {
            users[i] = qs.get(i).userId();
            boxes[i] = qs.get(i).mailboxId();
            since[i] = qs.get(i).since();
        }
        List<List<Change>> found = new ArrayList<>(java.util.Collections.nCopies(n, null));
        try (PreparedStatement ps = c.prepareStatement("""
                WITH q AS (SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) WITH ORDINALITY
                           AS q (mailbox, user_id, since, n)),
                     box AS (SELECT q.n, q.since, b.id FROM q JOIN mailboxes b
                             ON b.id = q.mailbox AND b.user_id = q.user_id AND b.selectable <> 0)
                SELECT box.n, 0, m.uid, m.modseq, m.added_modseq, m.sys_flags, m.other_flags, m.size, m.internal_date
                  FROM box JOIN messages m ON m.mailbox_id = box.id AND m.modseq > box.since
                UNION ALL SELECT box.n, 1, e.uid, e.modseq, 0, 0, '', 0, 0
                  FROM box JOIN expunged e ON e.mailbox_id = box.id AND e.modseq > box.since
                UNION ALL SELECT box.n, 2, 0, 0, 0, 0, '', 0, 0 FROM box""")) {
            ps.setArray(1, c.createArrayOf("bigint", boxes));
            ps.setArray(2, c.createArrayOf("bigint", users));
            ps.setArray(3, c.createArrayOf("bigint", since));
            StoredFlags flags = new StoredFlags();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int i = rs.getInt(1) - 1;
                    if (found.get(i) == null) found.set(i, new ArrayList<>());
                    switch (rs.getInt(2)) {
                        case 0 -> found.get(i).add(changed(meta(rs, 3, flags), rs.getLong(5), qs.get(i).since()));
                        case 1 -> found.get(i).add(new Change.Expunged(rs.getLong(3), rs.getLong(4)));
                        default -> { } // the mailbox row: the question's mailbox is there and selectable
                    }
                }
            }
        }
        List<Optional<List<Change>>> out = new ArrayList<>(n);
        for (List<Change> changes : found) {
            if (changes != null) changes.sort(ChangeOrder.BY_MODSEQ);
            out.add(Optional.ofNullable(changes));
        }
        return out;
    }

    static List<Change> changesSince(Connection c, long mailboxId, long since) throws SQLException {
        List<Change> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM messages WHERE mailbox_id = ? AND modseq > ?")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, since);
            for (Row r : rows(ps)) out.add(changed(r.meta(), r.addedModSeq(), since));
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT uid, modseq FROM expunged WHERE mailbox_id = ? AND modseq > ?")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Change.Expunged(rs.getLong(1), rs.getLong(2)));
            }
        }
        out.sort(ChangeOrder.BY_MODSEQ);
        return out;
    }

    /** The bytes of a message, or of one expunged but still retained for readers that show it. */
    static byte[] content(Connection c, BlobStore blobs, long mailboxId, long uid) throws SQLException, StoreException {
        for (String table : List.of("messages", "retained")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT blob_id FROM " + table
                    + " WHERE mailbox_id = ? AND uid = ?")) {
                ps.setLong(1, mailboxId);
                ps.setLong(2, uid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long blobId = rs.getLong(1);
                        return blobs.get(c, blobId).orElseThrow(() -> new SQLException("blob " + blobId + " missing"));
                    }
                }
            }
        }
        throw new StoreException(Kind.NONEXISTENT, "No such message");
    }

    /**
     * Structures of the existing messages among {@code uids}, joined to {@code structures} (and to
     * {@code search_data} when {@code withSearch}); never touches the message bytes. A dense set is one range
     * scan; a sparse one (SEARCH candidates) is looked up by UID, so rows in between are not read.
     */
    /** How much of the search data a structure is loaded with: none (FETCH), the header fields, or all of it. */
    enum Search { NONE, HEADERS, ALL }

    static Map<Long, MessageStructure> structures(Connection c, long mailboxId, List<Long> uids, Search withSearch)
            throws SQLException {
        return rows(c, mailboxId, uids, withSearch, structureReader(withSearch));
    }

    private static RowReader<MessageStructure> structureReader(Search withSearch) {
        return (rs, inflating) -> {
            MessageStructure st = MessageStructure.fromBytes(rs.getBytes(2));
            return switch (withSearch) {
                case NONE -> st;
                case HEADERS -> st.withFoldedSearch(headers(inflating, rs.getBytes(3)));
                case ALL -> {
                    byte[] data = inflating.inflate(rs.getBytes(3));
                    yield st.withFoldedSearch(FoldedSearch.fromBytes(data, inflating.length()));
                }
            };
        };
    }

    /** As {@link #structures} without search data, the stored bytes as they are ({@link MessageStructure#toBytes}). */
    static Map<Long, byte[]> structureBytes(Connection c, long mailboxId, List<Long> uids) throws SQLException {
        return rows(c, mailboxId, uids, Search.NONE, (rs, inflating) -> rs.getBytes(2));
    }

    /**
     * Per UID the rendered ENVELOPE and BODYSTRUCTURE ({@link satchel.mime.RenderedStructure}), or the stored
     * structure where the backfill has not rendered them yet: one column either way, so one copy per row.
     */
    static Map<Long, byte[]> renderedOrStructureBytes(Connection c, long mailboxId, List<Long> uids)
            throws SQLException {
        return rows(c, mailboxId, uids, Search.NONE, RENDERED);
    }

    private static final RowReader<byte[]> RENDERED = new RowReader<>() {
        @Override public byte[] read(ResultSet rs, Derived.Inflating inflating) throws SQLException {
            return rs.getBytes(2);
        }

        @Override public String column() {
            return "COALESCE(s.rendered, s.structure)";
        }
    };

    /** Reads the value of one joined row (uid, {@link #column}[, search data]). */
    private interface RowReader<T> {
        T read(ResultSet rs, Derived.Inflating inflating) throws SQLException;

        /** The second column of the row. */
        default String column() {
            return "s.structure";
        }
    }

    private static <T> Map<Long, T> rows(Connection c, long mailboxId, List<Long> uids, Search withSearch,
                                         RowReader<T> reader) throws SQLException {
        Map<Long, T> out = rows(c, "messages", mailboxId, uids, withSearch, reader);
        if (out.size() < uids.size()) {
            // Some are expunged: those a reader still shows may be retained (only a handful, looked up by UID).
            List<Long> missing = uids.stream().filter(u -> !out.containsKey(u)).distinct().toList();
            out.putAll(rows(c, "retained", mailboxId, missing, withSearch, reader));
        }
        return out;
    }

    /**
     * {@link #structures} of messages that all still exist, with the check that the mailbox is the user's and
     * selectable in the same statement (one round trip on PostgreSQL instead of three); empty if any is missing or
     * the check fails, and the caller asks the ordinary way (retained messages, the error).
     */
    static Optional<Map<Long, MessageStructure>> structuresChecked(Connection c, long userId, long mailboxId,
                                                                   List<Long> uids, Search withSearch)
            throws SQLException {
        return checked(c, userId, mailboxId, uids, withSearch, structureReader(withSearch));
    }

    /**
     * {@link #renderedOrStructureBytes} as {@link #structuresChecked} does it: one statement with the mailbox check,
     * empty if any message is missing or the check fails. Each FETCH of ENVELOPE or BODYSTRUCTURE asks this.
     */
    static Optional<Map<Long, byte[]>> renderedChecked(Connection c, long userId, long mailboxId, List<Long> uids)
            throws SQLException {
        return checked(c, userId, mailboxId, uids, Search.NONE, RENDERED);
    }

    private static <T> Optional<Map<Long, T>> checked(Connection c, long userId, long mailboxId, List<Long> uids,
                                                      Search withSearch, RowReader<T> reader) throws SQLException {
        // One statement only (a read without a transaction sees one snapshot per statement): a short list.
        if (uids.isEmpty() || uids.size() > 500) return Optional.empty();
        // The user as a parameter, not in the text: one statement text for every user, so each pooled connection
        // prepares it once and its plan is cached (with the id in the text PostgreSQL planned it afresh for every
        // user on every connection: a quarter of these FETCHes on the mixed load).
        Map<Long, T> out = rows(c, "messages", mailboxId, uids, withSearch, reader,
                " AND EXISTS (SELECT 1 FROM mailboxes b WHERE b.id = m.mailbox_id AND b.user_id = ?"
                        + " AND b.selectable <> 0)", userId);
        return out.size() == uids.stream().distinct().count() ? Optional.of(out) : Optional.empty();
    }

    private static <T> Map<Long, T> rows(Connection c, String table, long mailboxId, List<Long> uids,
                                         Search withSearch, RowReader<T> reader) throws SQLException {
        return rows(c, table, mailboxId, uids, withSearch, reader, "", 0);
    }

    /** {@code guard}: more conditions, with one parameter ({@code guardUser}) if not empty. */
    private static <T> Map<Long, T> rows(Connection c, String table, long mailboxId, List<Long> uids,
                                         Search withSearch, RowReader<T> reader, String guard, long guardUser)
            throws SQLException {
        Map<Long, T> out = new LinkedHashMap<>();
        if (uids.isEmpty()) return out;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (long u : uids) {
            min = Math.min(min, u);
            max = Math.max(max, u);
        }
        boolean search = withSearch != Search.NONE;
        String select = "SELECT m.uid, " + reader.column() + (search ? ", d.data" : "")
                + " FROM " + table + " m JOIN structures s ON s.blob_id = m.blob_id"
                + (search ? " JOIN search_data d ON d.blob_id = m.blob_id" : "") + " WHERE m.mailbox_id = ?" + guard + " AND ";
        if (max - min + 1 <= 2L * uids.size()) {
            Set<Long> wanted = uids.size() == max - min + 1 ? null : new HashSet<>(uids);
            try (PreparedStatement ps = c.prepareStatement(select + "m.uid BETWEEN ? AND ? ORDER BY m.uid")) {
                int i = 1;
                ps.setLong(i++, mailboxId);
                if (!guard.isEmpty()) ps.setLong(i++, guardUser);
                ps.setLong(i++, min);
                ps.setLong(i, max);
                read(ps, wanted, withSearch, reader, out);
            }
            return out;
        }
        List<Long> sorted = uids.stream().sorted().distinct().toList();
        for (int from = 0; from < sorted.size(); from += 500) {
            List<Long> chunk = sorted.subList(from, Math.min(sorted.size(), from + 500));
            try (PreparedStatement ps = c.prepareStatement(select + "m.uid IN ("
                    + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ") ORDER BY m.uid")) {
                ps.setLong(1, mailboxId);
                int first = 2;
                if (!guard.isEmpty()) ps.setLong(first++, guardUser);
                for (int i = 0; i < chunk.size(); i++) ps.setLong(i + first, chunk.get(i));
                read(ps, null, withSearch, reader, out);
            }
        }
        return out;
    }

    private static <T> void read(PreparedStatement ps, Set<Long> wanted, Search withSearch, RowReader<T> reader,
                                 Map<Long, T> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery();
             Derived.Inflating inflating = withSearch != Search.NONE ? new Derived.Inflating() : null) {
            while (rs.next()) {
                long uid = rs.getLong(1);
                if (wanted != null && !wanted.contains(uid)) continue;
                out.put(uid, reader.read(rs, inflating));
            }
        }
    }

    /**
     * The header fields of deflated search data, inflating only as far as they go: the body text after them is
     * most of the bytes, and a header SEARCH never looks at it.
     */
    static FoldedSearch headers(Derived.Inflating inflating, byte[] deflated) {
        byte[] data = inflating.inflatePrefix(deflated, HEADER_PREFIX);
        while (true) {
            FoldedSearch f = FoldedSearch.headersOnly(data, inflating.length());
            if (f != null) return f;
            if (inflating.finished()) return FoldedSearch.fromBytes(data, inflating.length()); // an older form
            data = inflating.more(Math.max(HEADER_PREFIX, inflating.length() * 4));
        }
    }

    /** Inflated bytes tried first for the header fields: most messages' headers are a KiB or two. */
    private static final int HEADER_PREFIX = 3 * 1024;

    /** UIDs of expunged messages kept readable for sessions that still show them (few, and briefly). */
    static List<Long> retainedUids(Connection c, long mailboxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM retained WHERE mailbox_id = ?")) {
            ps.setLong(1, mailboxId);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
            return out;
        }
    }

    static Set<String> keywords(Connection c, long mailboxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT keyword FROM mailbox_keywords WHERE mailbox_id = ?")) {
            ps.setLong(1, mailboxId);
            Set<String> out = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return Set.copyOf(out);
        }
    }
}
