package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.mime.FoldedSearch;
import satchel.store.MailboxId;
import satchel.store.StoreException;

/**
 * Builds the full-text index off the APPEND path (issue 11). An APPEND commits the message, its structure and
 * its folded search text ({@code search_data}); this thread later turns the search text into index rows.
 *
 * <p><b>Watermark.</b> {@code search_indexed} holds, per mailbox, the highest UID whose message has been
 * indexed; it is written in the same transaction as the index rows, so after kill -9 the index and the
 * watermark agree and a restart resumes where the last commit left off. A per-mailbox UID is the right
 * measure because UIDs are handed out in commit order within a mailbox (one writer in SQLite; the mailbox row
 * lock in PostgreSQL): once UID n is visible every smaller UID is, so the watermark never skips a message that
 * commits late, as a global blob id could on concurrent PostgreSQL writers.
 *
 * <p><b>Never stale.</b> A SEARCH takes index candidates for indexed messages and every message whose blob has no
 * index row of the searching user ({@link FullTextIndex#candidates}): the not-yet-indexed tail is always a
 * candidate, and the session's exact check decides, so results are the same before, during and after indexing.
 *
 * <p><b>Expunge.</b> The index rows of a message are written only if the message still exists, checked in the
 * writing transaction (in PostgreSQL with the mailbox row share-locked, which an expunge waits for): mail expunged
 * before it was indexed never gets a row, and a blob dropped after has its row dropped with it ({@link Contents}).
 *
 * <p><b>Sharing the writer.</b> Each batch is one ordinary write of at most {@link #BATCH} messages and about
 * {@link #BATCH_CHARS} characters, queued behind the writes already waiting (SQLite's group commit takes them
 * in order), so appends wait at most one small batch. Index rows are built from {@code search_data} on this
 * thread, outside the write. Mailboxes take turns; where there is one writer (SQLite) a batch goes on to the next
 * mailboxes' (and users') backlogs while it has room, so appends spread over many mailboxes still make full
 * batches. Thread-safe; {@link #signal} never blocks.
 *
 * <p><b>Bursts.</b> While appends keep coming, the indexer lets them settle ({@link #QUIET} without a new one,
 * {@link #MAX_DEFER} at most since the first) and then indexes the whole backlog in full batches; appends that
 * arrive once a batch has taken all of it settle again before the next (SQLite). Indexing after
 * every APPEND made batches of one to four messages: each a write of its own (a commit, an fsync), each a new
 * FTS5 segment to merge later, all of it competing with the appends for the one writer (issue 11). The tail a
 * SEARCH scans stays bounded by what arrives in {@link #MAX_DEFER}; results are the same either way.
 *
 * <p><b>Giving way.</b> Where there is one writer (SQLite), a batch of 64 holds it for tens of milliseconds (60–165 ms
 * in the 50-client mixed load, 16–30 % of the writer's time), and every STORE, EXPUNGE and APPEND queued meanwhile
 * waits that long. While others' writes keep the writer at least {@link #BUSY_SHARE} busy, a burst is therefore held
 * back further, half a second at a time, but only while no mailbox's unindexed tail reaches {@link #TAIL_BOUND}
 * messages: that tail is what a SEARCH of the mailbox scans message by message, so its time stays near that of an
 * indexed mailbox. Past the bound the indexer works the tail down to {@link #TAIL_LOW} in batches of {@link
 * #SMALL_BATCH}, each a short turn between the foreground writes' groups, then holds back again. A pause in appends
 * does not count as quiet while the writer is busy: appends are answered after their commit, so a long write makes
 * such pauses itself. Results are the same whatever the tail (see "Never stale").
 *
 * <p>The small batches are for the row updates a client waits on (STORE, EXPUNGE, COPY, \Recent claims: {@link
 * Database#rowWrites}). While none has been queued for {@link #ROWS_RECENT}, only appends share the writer, and
 * they are answered after a group commit of their own anyway: the tail is then worked down in full batches of {@link
 * #BATCH}, a quarter of the writes (and FTS5 segments) of batches of 16: the indexer's CPU per message was 24 %
 * lower so in the 3,000-message APPEND runs (issue 11, December 7, eighth round).
 */
final class SearchIndexer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexer.class);
    static final int BATCH = 64;
    static final long BATCH_CHARS = 1L << 20;
    /** Other nodes' writes (PostgreSQL) and missed signals are found by a scan this often. */
    private static final Duration RESCAN = Duration.ofSeconds(30);
    private static final Duration BACKOFF = Duration.ofSeconds(1);
    static final long QUIET = Duration.ofMillis(100).toNanos();
    static final long MAX_DEFER = Duration.ofMillis(500).toNanos();
    /** Others' share of the writer's time from which the indexer gives way (see "Giving way" above). */
    static final double BUSY_SHARE = 0.5;
    /** How long a look at the writer's busy time counts, and how old a baseline may be to start a new look from. */
    private static final long BUSY_WINDOW = Duration.ofMillis(100).toNanos();
    private static final long BUSY_STALE = Duration.ofSeconds(1).toNanos();
    /**
     * The unindexed messages of one mailbox up to which indexing is held back for a busy writer: a SEARCH BODY scans
     * them one by one. Held back without this bound (up to 5,000 appends), SEARCH BODY for mail appended just before
     * took 123–141 ms against 10–16 ms; with it, 5–23 ms (issue 11, December 7, seventh round).
     */
    static final long TAIL_BOUND = 200;
    static final long TAIL_LOW = TAIL_BOUND / 2;
    /** Batch size while giving way: a short turn of the writer between foreground groups. */
    static final int SMALL_BATCH = 16;
    /** How long after others' last row update (not an append) batches stay small while giving way. */
    static final long ROWS_RECENT = Duration.ofSeconds(1).toNanos();

    private final Database db;
    private final FullTextIndex fullText;
    /**
     * Whether a batch may hold several mailboxes: only where there is one writer (SQLite). Where writers run
     * concurrently (PostgreSQL), each batch share-locks its mailbox row, and several such locks could deadlock
     * with a MOVE that locks two mailboxes for update.
     */
    private final boolean combine;
    /** Whether there is one writer to give way to ({@link Database#writerBusyNanos}): SQLite. */
    private final boolean oneWriter;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    /** Mailboxes that may have unindexed messages, in the order they take turns. */
    private final LinkedHashSet<Long> dirty = new LinkedHashSet<>();
    private boolean paused;
    /** When the first signal not yet indexed came (0: none since the indexer caught up), and the last one. */
    private long burstStart;
    private long lastSignal;
    /** Until when a burst is held back at most before it is indexed or looked at again. */
    private long deferUntil;
    /**
     * Per mailbox, about how many of its messages are above its watermark (absent: none known): counted when a
     * batch reads the mailbox, raised by signals, lowered by the batches written.
     */
    private final Map<Long, Long> tails = new HashMap<>();
    /**
     * The last look at the writer ({@link Database#writerBusyNanos}): its busy time and this indexer's own write
     * time then, when it was, and whether others kept it busy enough to give way. Used on the indexer's thread only.
     */
    private long busyAt;
    private long ownAt;
    private long busyCheckedAt;
    private boolean givingWay;
    private long ownWriteNanos;
    /**
     * The last look at others' row updates ({@link Database#rowWrites}): their count then, when it was, and when the
     * count was last seen to move. Indexer thread only.
     */
    private long rowsSeen;
    private long rowsLookedAt;
    private long rowsMovedAt;
    /** Callers of {@link #awaitIndexed}: while there are any, nothing is held back. */
    private int hurrying;
    /** Settled (or asked to hurry): index until caught up, without waiting for quiet again. */
    private boolean draining;
    /**
     * Full-text rows of blobs just stored ({@link Prepared#indexRow}), so a batch need not inflate and decode {@code
     * search_data} again; bounded ({@link #FRESH_CHARS}), oldest dropped first (those are then read from {@code
     * search_data}, as after a restart).
     */
    private final java.util.LinkedHashMap<Long, String[]> fresh = new java.util.LinkedHashMap<>();
    private long freshChars;
    static final long FRESH_CHARS = 8L << 20;
    private volatile boolean closed;
    /** Batches written so far (for tests). */
    private volatile long writes;
    private final Thread thread;

    /** Starts indexing at once, with a scan for whatever an earlier run left behind. */
    SearchIndexer(Database db, FullTextIndex fullText) {
        this.db = db;
        this.fullText = fullText;
        this.combine = !db.dialect().sharedByNodes();
        this.oneWriter = db.writerBusyNanos() >= 0;
        this.rowsSeen = db.rowWrites();
        this.rowsLookedAt = System.nanoTime();
        this.rowsMovedAt = rowsLookedAt - 2 * ROWS_RECENT;
        this.thread = Thread.ofPlatform().daemon().name("satchel-search-indexer").start(this::loop);
    }

    /** Told by writes which mailboxes got new messages. */
    @FunctionalInterface
    interface Signal {
        void signal(MailboxId mailbox, int messages);
    }

    /** {@code mailbox} has {@code messages} new messages; never blocks. */
    void signal(MailboxId mailbox, int messages) {
        lock.lock();
        try {
            dirty.add(mailbox.value());
            long tail = tails.merge(mailbox.value(), (long) messages, Long::sum);
            lastSignal = System.nanoTime();
            if (burstStart == 0) {
                burstStart = lastSignal;
                deferUntil = burstStart + MAX_DEFER;
                wake.signalAll(); // later signals of the burst need not wake a thread that is letting it settle
            } else if (tail >= TAIL_BOUND && tail - messages < TAIL_BOUND) {
                wake.signalAll(); // too long a tail to hold back
            }
        } finally {
            lock.unlock();
        }
    }

    /** A blob was stored (its transaction may still fail: then it is never asked for and ages out). */
    void fresh(long blobId, String[] row) {
        lock.lock();
        try {
            String[] old = fresh.put(blobId, row);
            if (old != null) freshChars -= chars(old);
            freshChars += chars(row);
            var it = fresh.entrySet().iterator();
            while (freshChars > FRESH_CHARS && it.hasNext()) {
                freshChars -= chars(it.next().getValue());
                it.remove();
            }
        } finally {
            lock.unlock();
        }
    }

    private String[] takeFresh(long blobId) {
        lock.lock();
        try {
            String[] f = fresh.remove(blobId);
            if (f != null) freshChars -= chars(f);
            return f;
        } finally {
            lock.unlock();
        }
    }

    private static long chars(String[] row) {
        long n = 64; // the array and the entry
        for (String col : row) n += col.length();
        return n;
    }

    /** Messages not yet looked at by the indexer, over all mailboxes (the index's lag). */
    long lag() throws StoreException {
        return db.read(tx -> {
            try (PreparedStatement ps = tx.c().prepareStatement("SELECT COUNT(*) FROM mailboxes b"
                    + " LEFT JOIN search_indexed w ON w.mailbox_id = b.id"
                    + " JOIN messages m ON m.mailbox_id = b.id AND m.uid > COALESCE(w.uid, 0)");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Batches written since the start (for tests). */
    long writes() {
        return writes;
    }

    /** For tests and tools: stops taking new batches (the one running finishes), or resumes. */
    void pause(boolean pause) {
        lock.lock();
        try {
            paused = pause;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every message is indexed; false if that took longer than {@code timeout}. */
    boolean awaitIndexed(Duration timeout) throws StoreException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            hurrying++;
        } finally {
            lock.unlock();
        }
        try {
            while (lag() > 0) {
                if (System.nanoTime() > deadline) return false;
                lock.lock();
                try {
                    dirty.add(0L); // a marker: makes the thread rescan everything now
                    draining = true;
                    wake.signalAll();
                } finally {
                    lock.unlock();
                }
                Thread.sleep(5);
            }
            return true;
        } finally {
            lock.lock();
            try {
                hurrying--;
            } finally {
                lock.unlock();
            }
        }
    }

    private void loop() {
        long nextScan = 0;
        while (!closed) {
            try {
                if (System.nanoTime() - nextScan >= 0) {
                    for (long id : behind()) enqueue(id);
                    nextScan = System.nanoTime() + RESCAN.toNanos();
                }
                switch (next(nextScan)) {
                    case IDLE -> {}
                    case RESCAN -> nextScan = System.nanoTime();
                    case WORK -> {
                        if (!settling()) indexBatch();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (StoreException | RuntimeException e) {
                // Unindexed mail is still found (scanned); try again a little later.
                LOG.warn("Full-text indexing failed, retrying: {}", e.toString());
                try {
                    Thread.sleep(BACKOFF);
                } catch (InterruptedException stop) {
                    return;
                }
                nextScan = System.nanoTime();
            }
        }
    }

    private void enqueue(long id) {
        lock.lock();
        try {
            dirty.add(id);
        } finally {
            lock.unlock();
        }
    }

    /**
     * While appends are still arriving (see "Bursts" above): waits until they settle, or until woken; false once it is
     * time to index.
     */
    private boolean settling() throws InterruptedException {
        lock.lock();
        try {
            if (draining || burstStart == 0 || closed) {
                draining = true;
                return false;
            }
            long now = System.nanoTime();
            if (now - busyCheckedAt > BUSY_STALE) lookAtWriter(now); // a fresh baseline for this burst
            if (longestTail() >= TAIL_BOUND) {
                draining = true;
                return false;
            }
            long left = Math.min(lastSignal + QUIET, deferUntil) - now;
            // A pause in appends while the writer is this busy is no quiet: appends are answered after their commit,
            // so a long write (a batch of this indexer, a checkpoint) makes one.
            if (left <= 0 && givingWay(now)) {
                deferUntil = now + MAX_DEFER;
                left = MAX_DEFER;
            }
            if (left <= 0) {
                draining = true;
                return false;
            }
            wake.awaitNanos(left);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The longest unindexed tail of a mailbox, as far as known. Caller holds the lock. */
    private long longestTail() {
        long max = 0;
        for (long t : tails.values()) max = Math.max(max, t);
        return max;
    }

    /**
     * Whether others' writes kept the writer at least {@link #BUSY_SHARE} busy over the last look (at least {@link
     * #BUSY_WINDOW}; a younger look's verdict stands). False where there is no one writer. Indexer thread only.
     */
    private boolean givingWay(long now) {
        if (now - busyCheckedAt >= BUSY_WINDOW) lookAtWriter(now);
        return givingWay;
    }

    private void lookAtWriter(long now) {
        long busy = db.writerBusyNanos();
        if (busy < 0) return;
        givingWay = givesWay(busy - busyAt, ownWriteNanos - ownAt, now - busyCheckedAt);
        busyAt = busy;
        ownAt = ownWriteNanos;
        busyCheckedAt = now;
        lookAtRows(now);
    }

    /**
     * Notes whether others' row updates moved since the last look. After a long gap (the indexer idle) when they came
     * is unknown, and they are taken as old: a steady stream of them (the mixed load) shows again at the next look.
     */
    private void lookAtRows(long now) {
        long rows = db.rowWrites();
        if (rows != rowsSeen && now - rowsLookedAt <= ROWS_RECENT) rowsMovedAt = now;
        rowsSeen = rows;
        rowsLookedAt = now;
    }

    /**
     * The batch while giving way: {@link #SMALL_BATCH} if row updates were queued lately (or cannot be told apart),
     * {@link #BATCH} if only appends were (see "Giving way" above).
     */
    private int givingWayBatch(long now) {
        lookAtRows(now);
        return batchWhileGivingWay(rowsSeen >= 0, now - rowsMovedAt);
    }

    /** {@link #givingWayBatch} from its figures: whether row updates are counted, and how long since the last. */
    static int batchWhileGivingWay(boolean counted, long sinceRowsNanos) {
        return counted && sinceRowsNanos >= ROWS_RECENT ? BATCH : SMALL_BATCH;
    }

    /**
     * {@link #givingWay} from its figures: the writer was busy {@code busyNanos} of the last {@code elapsedNanos}, of
     * which this indexer's writes took up to {@code ownNanos} (their wall time, queueing included: an upper bound).
     */
    static boolean givesWay(long busyNanos, long ownNanos, long elapsedNanos) {
        return busyNanos - ownNanos >= BUSY_SHARE * elapsedNanos;
    }

    private enum Next { IDLE, RESCAN, WORK }

    /** Waits for mailboxes to work on: IDLE at {@code until} (time for a scan) or on close, RESCAN if asked to. */
    private Next next(long until) throws InterruptedException {
        lock.lock();
        try {
            if (dirty.isEmpty()) { // caught up: the next signal starts a new burst
                draining = false;
                burstStart = 0;
                tails.clear(); // signals since would be in dirty: what is left are counts made twice
            }
            while (!closed && (paused || dirty.isEmpty())) {
                long left = until - System.nanoTime();
                if (left <= 0) return Next.IDLE;
                wake.awaitNanos(left);
            }
            if (closed) return Next.IDLE;
            if (dirty.remove(0L)) return Next.RESCAN;
            return Next.WORK;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next mailbox for a batch, taken out of the queue, or null if none is left: then the batch holds the whole
     * backlog, and signals from now on start a new burst (they settle before the next batch).
     */
    private Long take(boolean longestFirst) {
        lock.lock();
        try {
            if (longestFirst) { // the mailbox whose tail a SEARCH would scan longest
                long best = 0;
                long bestTail = -1;
                for (long id : dirty) {
                    long t = tails.getOrDefault(id, 0L);
                    if (id != 0L && t > bestTail) {
                        best = id;
                        bestTail = t;
                    }
                }
                if (bestTail >= 0) {
                    dirty.remove(best);
                    return best;
                }
            }
            Iterator<Long> it = dirty.iterator();
            while (it.hasNext()) {
                long id = it.next();
                if (id == 0L) continue; // the rescan marker stays for the loop
                it.remove();
                return id;
            }
            draining = false;
            burstStart = 0;
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * After a batch: its parts' messages leave their mailboxes' tails, and mailboxes with more left are indexed next
     * without waiting, after the others' turns, unless the indexer gives way and every tail is down to {@link
     * #TAIL_LOW}: then the rest is held back again (see "Giving way" above).
     */
    private void leftOver(List<Long> ids, List<Part> written, boolean givingWay) {
        lock.lock();
        try {
            for (Part part : written) {
                long n = part.items().size();
                // Caught up when read and not signalled since: nothing left (a signal counted twice goes too).
                if (!ids.contains(part.mailboxId()) && !dirty.contains(part.mailboxId())) tails.remove(part.mailboxId());
                else tails.computeIfPresent(part.mailboxId(), (_, t) -> t > n ? t - n : null);
            }
            if (ids.isEmpty()) return;
            dirty.addAll(ids);
            draining = true;
            if (givingWay && longestTail() < TAIL_LOW && hurrying == 0) {
                draining = false;
                long now = System.nanoTime();
                if (burstStart == 0) burstStart = now;
                deferUntil = now + MAX_DEFER;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Notes a mailbox's tail as counted by a batch's read: what a SEARCH of it would scan. */
    private void tail(long mailboxId, long count) {
        lock.lock();
        try {
            if (count > 0) tails.put(mailboxId, count);
            else tails.remove(mailboxId);
        } finally {
            lock.unlock();
        }
    }

    /** Mailboxes with messages above their watermark. */
    private List<Long> behind() throws StoreException {
        return db.read(tx -> {
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps = tx.c().prepareStatement("SELECT b.id FROM mailboxes b LEFT JOIN"
                    + " search_indexed w ON w.mailbox_id = b.id WHERE EXISTS (SELECT 1 FROM messages m"
                    + " WHERE m.mailbox_id = b.id AND m.uid > COALESCE(w.uid, 0))");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
            return out;
        });
    }

    /** One message of a batch: its UID and blob, and the index row to write (null: the blob has one already). */
    private record Item(long uid, long blobId, String[] document) {}

    /** One mailbox's part of a batch: its messages after UID {@code after} (the watermark when read). */
    private record Part(long mailboxId, long userId, long after, List<Item> items, long chars, boolean more) {}

    /**
     * Indexes the next batch: the queued mailboxes' backlogs in turn, several mailboxes (and users) in one write while
     * the batch has room ({@link #BATCH} messages, about {@link #BATCH_CHARS}), where the database has one writer.
     * Each segment FTS5 writes costs about the same whatever its size, so per message a write of 64 costs a third of
     * a write of 5 (issue 11); four clients appending to four mailboxes made writes of a few messages each.
     */
    private void indexBatch() throws StoreException {
        long now = System.nanoTime();
        boolean givingWay = givingWay(now);
        int batch = givingWay ? givingWayBatch(now) : BATCH;
        long batchChars = BATCH_CHARS * batch / BATCH;
        List<Part> parts = new ArrayList<>();
        List<Long> more = new ArrayList<>();
        int count = 0;
        long chars = 0;
        while (count < batch && chars < batchChars && (parts.isEmpty() || combine)) {
            Long id = take(givingWay);
            if (id == null) break;
            int room = batch - count;
            long roomChars = batchChars - chars;
            Part part = db.read(tx -> read(tx.c(), id, room, roomChars));
            if (part == null) tail(id, 0);
            if (part == null || part.items().isEmpty()) continue;
            parts.add(part);
            count += part.items().size();
            chars += part.chars();
            if (part.more()) more.add(id);
        }
        if (parts.isEmpty()) return;
        long bytes = Math.max(chars, 1); // declared: a write without bytes counts as others' row update (rowWrites)
        List<Part> written = List.of();
        long t0 = System.nanoTime();
        try {
            List<Long> gone = db.write(tx -> write(tx, parts), bytes);
            writes++;
            more.removeAll(gone);
            written = parts;
        } finally {
            ownWriteNanos += System.nanoTime() - t0;
            leftOver(more, written, givingWay); // also on failure: the rest of the backlog is not forgotten
        }
    }

    /**
     * Reads the next messages of a mailbox above its watermark, at most {@code room} of them and about {@code
     * roomChars}, and builds their index rows (outside any write).
     */
    private Part read(Connection c, long mailboxId, int room, long roomChars) throws SQLException {
        long userId;
        long watermark;
        try (PreparedStatement ps = c.prepareStatement("SELECT b.user_id, COALESCE(w.uid, 0) FROM mailboxes b"
                + " LEFT JOIN search_indexed w ON w.mailbox_id = b.id WHERE b.id = ?")) {
            ps.setLong(1, mailboxId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                userId = rs.getLong(1);
                watermark = rs.getLong(2);
            }
        }
        List<long[]> messages = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT uid, blob_id FROM messages WHERE mailbox_id = ?"
                + " AND uid > ? ORDER BY uid LIMIT " + (room + 1))) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, watermark);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) messages.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
        // How many a SEARCH of the mailbox scans now (counted up to well past the bound: beyond it, the exact figure
        // changes nothing), where the indexer may give way.
        if (oneWriter) try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE"
                + " mailbox_id = ? AND uid > ? LIMIT " + 4 * TAIL_BOUND + ") t")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, watermark);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                tail(mailboxId, rs.getLong(1));
            }
        }
        boolean more = messages.size() > room;
        if (more) messages = messages.subList(0, room);
        Set<Long> done = fullText.indexed(c, messages.stream().map(m -> m[1]).toList());
        List<Item> items = new ArrayList<>();
        Set<Long> building = new HashSet<>();
        long chars = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT data FROM search_data WHERE blob_id = ?");
             Derived.Inflating inflating = new Derived.Inflating()) {
            for (long[] m : messages) {
                if (chars >= roomChars) {
                    more = true;
                    break;
                }
                String[] doc = null;
                String[] kept = done.contains(m[1]) ? null : takeFresh(m[1]);
                if (kept != null && building.add(m[1])) {
                    doc = kept;
                    for (String col : doc) chars += col.length();
                } else if (!done.contains(m[1]) && building.add(m[1])) {
                    ps.setLong(1, m[1]);
                    try (ResultSet rs = ps.executeQuery()) {
                        // No search text (a damaged store): no row, so the message stays a candidate for good.
                        if (rs.next()) {
                            byte[] data = inflating.inflate(rs.getBytes(1));
                            doc = fullText.row(SearchDocument.of(FoldedSearch.fromBytes(data, inflating.length())));
                            for (String col : doc) chars += col.length();
                        }
                    }
                }
                items.add(new Item(m[0], m[1], doc));
            }
        }
        return new Part(mailboxId, userId, watermark, items, chars, more);
    }

    /**
     * Writes each part's rows for messages that still exist and whose blob has no row yet, and moves its mailbox's
     * watermark past it, all in one transaction. Returns the mailboxes found gone (their parts are skipped).
     */
    private List<Long> write(Database.Tx tx, List<Part> parts) throws SQLException {
        List<Long> gone = new ArrayList<>();
        Set<Long> already = new HashSet<>();
        for (Part part : parts) {
            if (!write(tx, part, already)) gone.add(part.mailboxId());
        }
        return gone;
    }

    /** One part of {@link #write}; false if the mailbox is gone. {@code already}: blobs given rows by earlier parts. */
    private boolean write(Database.Tx tx, Part part, Set<Long> already) throws SQLException {
        Connection c = tx.c();
        long mailboxId = part.mailboxId();
        try {
            // Where writers run concurrently, a share lock on the mailbox row: an expunge (FOR UPDATE) still takes
            // turns with this write, an APPEND (which only updates the row's counters) does not wait for it.
            String lock = tx.lockRows().isEmpty() ? "" : " FOR KEY SHARE";
            Mailboxes.owned(new Database.Tx(c, tx.ring(), lock), part.userId(), mailboxId);
        } catch (StoreException gone) {
            return false;
        }
        List<Long> uids = part.items().stream().map(Item::uid).toList();
        Map<Long, Long> live = new HashMap<>();
        for (Messages.Row r : Messages.existing(c, mailboxId, uids)) live.put(r.uid(), r.blobId());
        List<Long> unknown = part.items().stream().map(Item::blobId).filter(b -> !already.contains(b)).toList();
        already.addAll(fullText.indexed(c, unknown));
        java.util.SequencedMap<Long, String[]> rows = new java.util.LinkedHashMap<>();
        for (Item item : part.items()) {
            Long blob = live.get(item.uid());
            if (item.document() == null || blob == null || blob != item.blobId() || already.contains(blob)) continue;
            rows.put(blob, item.document());
            already.add(blob);
        }
        fullText.insertAll(c, part.userId(), rows);
        String greatest = db.dialect().greatest();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO search_indexed (mailbox_id, uid, gaps)"
                + " VALUES (?, ?, ?) ON CONFLICT (mailbox_id) DO UPDATE SET uid = " + greatest
                + "(search_indexed.uid, excluded.uid), gaps = " + greatest + "(search_indexed.gaps, excluded.gaps)")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, uids.getLast());
            ps.setLong(3, gaps(c, mailboxId, part.userId(), part.after(), uids.getLast()) ? 1 : 0);
            ps.executeUpdate();
        }
        return true;
    }

    /**
     * Whether a message of the mailbox in UIDs (after, last] has no index row in its user's part: its blob is indexed
     * in another user's (one delivery to several users) or has no search text. The watermark then passes a message
     * every search must still take as a candidate, and {@code search_indexed.gaps} says so for good (it is never
     * cleared: such a blob stays another user's), so that a mailbox without gaps is searched without looking at
     * each message (Fts5Index). Messages that arrive later get UIDs above the watermark: nothing lands below it.
     */
    private boolean gaps(Connection c, long mailboxId, long userId, long after, long last) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM messages m WHERE m.mailbox_id = ? AND m.uid > ?"
                + " AND m.uid <= ? AND NOT " + fullText.indexedFor("m.blob_id", "?") + " LIMIT 1")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, after);
            ps.setLong(3, last);
            ps.setLong(4, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Stops the thread after the batch it is writing, if any; the rest is indexed after the next start. */
    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
