package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.store.Holds;
import satchel.store.MailboxId;
import satchel.store.StoreException;

/**
 * Lets go of expunged messages' data kept in {@code retained}: a row goes once no open hold on its mailbox is
 * below its expunge modseq, or once it is older than the grace period, and its blob with it if nothing else
 * refers to it. Each purge is one write transaction, so a crash leaves either the row (purged at the next
 * start-up, when no session can remember the message) or neither row nor unused blob: never an orphan.
 *
 * <p>One virtual thread does the work: a released hold only {@link #signal}s it, and it gathers signals for a
 * moment so that many sessions catching up cost one transaction. It also wakes now and then for the grace period
 * and for mailboxes nobody holds.
 */
final class RetainedPurge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetainedPurge.class);
    private static final Duration GATHER = Duration.ofMillis(300);

    private final Database db;
    private final Contents contents;
    private final Holds holds;
    private final Duration grace;
    private final Duration sweep;
    /** Other processes share the database: their sessions' holds are known only from their published leases. */
    private final boolean shared;
    private final Duration lag;
    private final BlockingQueue<Boolean> signals = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    RetainedPurge(Database db, Contents contents, Duration grace) {
        this.db = db;
        this.contents = contents;
        this.grace = grace;
        this.holds = new Holds(_ -> signal());
        this.shared = db.dialect().sharedByNodes();
        this.lag = db.readOnly() ? Duration.ZERO : db.shareHolds(holds, grace);
        long sweepMillis = Math.clamp(grace.toMillis() / 2, 50, 30_000);
        // Shared: an expunge always retains (another node may hold it), and what nobody holds goes once it is
        // older than the lag, so look again about then.
        if (shared) sweepMillis = Math.min(sweepMillis, Math.max(50, lag.toMillis() * 2));
        this.sweep = Duration.ofMillis(sweepMillis);
        this.thread = Thread.ofVirtual().name("satchel-retained-purge").start(this::loop);
    }

    Holds holds() {
        return holds;
    }

    /**
     * Whether an expunge from {@code mailbox} must keep the messages' data: some session of this process holds it,
     * or (on a shared database) one of another node may, which only the purge can tell from the leases.
     */
    boolean held(MailboxId mailbox) {
        return shared || holds.held(mailbox);
    }

    /** Something may have become purgeable; never blocks. */
    void signal() {
        signals.offer(Boolean.TRUE);
    }

    /** At start-up no session can reference an expunged message any more: drop every retained row. */
    static void all(Database db, Contents contents) throws StoreException {
        db.write(tx -> {
            List<Long> blobs = new ArrayList<>();
            try (PreparedStatement ps = tx.c().prepareStatement("DELETE FROM retained RETURNING blob_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) blobs.add(rs.getLong(1));
            }
            contents.dropUnused(tx.c(), blobs);
            return null;
        });
    }

    private void loop() {
        while (!closed) {
            try {
                if (signals.poll(sweep.toMillis(), TimeUnit.MILLISECONDS) != null && !closed) {
                    Thread.sleep(GATHER);
                    signals.clear();
                }
                if (!closed) purge();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (StoreException | RuntimeException e) {
                // Retained data is only kept longer; the next signal or sweep tries again.
                LOG.warn("Purging retained expunged messages failed: {}", e.toString());
            }
        }
    }

    /** One pass: drops every row no hold covers and every row past the grace period. */
    void purge() throws StoreException {
        if (db.readOnly()) return; // the owner's next start-up drops it
        long now = System.currentTimeMillis();
        long expiredBefore = now - grace.toMillis();
        long seenBy = now - lag.toMillis();
        // Look first, with a read: most passes find nothing, and need no write transaction (and no fsync).
        if (!db.read(tx -> anyPurgeable(tx.c(), expiredBefore, seenBy))) return;
        db.write(tx -> {
            Connection c = tx.c();
            List<Long> blobs = new ArrayList<>();
            // Floors are read inside the write: a hold opened after this reads a snapshot without these messages.
            try (PreparedStatement ps = c.prepareStatement("DELETE" + PURGEABLE + " RETURNING blob_id")) {
                for (long mailbox : mailboxes(c)) {
                    bind(c, ps, mailbox, expiredBefore, seenBy);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) blobs.add(rs.getLong(1));
                    }
                }
            }
            contents.dropUnused(c, blobs);
            return null;
        });
    }

    private boolean anyPurgeable(Connection c, long expiredBefore, long seenBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1" + PURGEABLE + " LIMIT 1")) {
            for (long mailbox : mailboxes(c)) {
                bind(c, ps, mailbox, expiredBefore, seenBy);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return true;
                }
            }
        }
        return false;
    }

    /**
     * The rows of one mailbox that no hold covers any more, or that are past the grace period. A row must also be
     * old enough for other nodes' holds to be published ({@code seenBy}; now, for a database one process owns).
     */
    private static final String PURGEABLE = " FROM retained WHERE mailbox_id = ?"
            + " AND ((modseq <= ? AND expunged_at <= ?) OR expunged_at < ?)";

    private void bind(Connection c, PreparedStatement ps, long mailbox, long expiredBefore, long seenBy)
            throws SQLException {
        ps.setLong(1, mailbox);
        // This process's holds, and where nodes share the database, the leases the others published.
        long floor = holds.floor(new MailboxId(mailbox));
        if (shared) floor = Math.min(floor, db.othersFloor(c, mailbox));
        ps.setLong(2, floor);
        ps.setLong(3, seenBy);
        ps.setLong(4, expiredBefore);
    }

    private static List<Long> mailboxes(Connection c) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT mailbox_id FROM retained");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }

    /** Stops the thread; whatever is still retained is dropped at the next start-up. */
    @Override
    public void close() {
        closed = true;
        signal(); // not an interrupt: the thread may be leading a group commit that carries others' writes
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
