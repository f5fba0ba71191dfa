package satchel.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.store.Holds;

/**
 * Holds shared between nodes. A session keeps its mailbox's expunged messages readable with a {@link Holds hold},
 * which lives in its node's memory; on a shared database another node's purge must know of it. So every node
 * publishes, per held mailbox, the lowest modseq its sessions still want (its floor) in {@code hold_leases}, with
 * an expiry on the database's clock, renewed while held: a node killed with -9 stops renewing and its leases lapse.
 * A purge then spares a retained row while any live lease on its mailbox is below the row's expunge modseq.
 *
 * <p>Why this is enough: a hold is opened before its session reads the mailbox, so every message it can show is
 * expunged after the hold opened; a node publishes within {@link Timing#refresh} of that, and a retained row is not
 * purged before it is {@link Timing#lag} old ({@code RetainedPurge}), longer than a refresh plus clock skew
 * between nodes (NTP keeps that far below a second). A publish that fails (an outage) leaves the old leases until
 * they expire; past {@link Timing#ttl} a node's sessions could lose an expunged message's body early, as after the
 * grace period.
 */
final class HoldLeases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HoldLeases.class);
    /** Milliseconds since the epoch on the database's clock, the one every node's leases are compared against. */
    static final String DB_NOW = "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT";

    /**
     * @param refresh how often a node publishes its floors (and at most how late a new hold is published)
     * @param lag how old a retained row must be before a purge may drop it: several refreshes
     * @param ttl how long a lease lives unrenewed: a dead node's leases go after this
     */
    record Timing(Duration refresh, Duration lag, Duration ttl) {
        /** From the grace period: 1 s refreshes for the default hour, quicker for the short ones of tests. */
        static Timing of(Duration grace) {
            Duration refresh = Duration.ofMillis(Math.clamp(grace.toMillis() / 20, 100, 1_000));
            return new Timing(refresh, refresh.multipliedBy(3), refresh.multipliedBy(15));
        }
    }

    private final DataSource pool;
    private final String node;
    private final Holds holds;
    private final Timing timing;
    private final Thread thread;
    private volatile boolean closed;

    HoldLeases(DataSource pool, String node, Holds holds, Timing timing) {
        this.pool = pool;
        this.node = node;
        this.holds = holds;
        this.timing = timing;
        this.thread = Thread.ofVirtual().name("satchel-hold-leases").start(this::loop);
    }

    private void loop() {
        Map<Long, Long> published = Map.of();
        long renewedAt = 0;
        while (!closed) {
            Map<Long, Long> floors = holds.floors();
            // Renew well before expiry; otherwise write only when the floors changed.
            boolean renew = System.nanoTime() - renewedAt > timing.ttl().toNanos() / 3;
            if (!floors.equals(published) || (renew && !floors.isEmpty())) {
                try {
                    publish(floors);
                    published = floors;
                    renewedAt = System.nanoTime();
                } catch (SQLException e) {
                    if (!closed) LOG.warn("Publishing this node's holds failed: {}", e.getMessage());
                }
            }
            try {
                Thread.sleep(timing.refresh());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One transaction: this node's rows replaced, and leases long expired (dead nodes') removed. */
    private void publish(Map<Long, Long> floors) throws SQLException {
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM hold_leases WHERE node = ? OR expires_at < "
                    + DB_NOW + " - ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO hold_leases (node, mailbox_id, floor,"
                         + " expires_at) VALUES (?, ?, ?, " + DB_NOW + " + ?)")) {
                del.setString(1, node);
                del.setLong(2, timing.ttl().toMillis());
                del.executeUpdate();
                for (Map.Entry<Long, Long> e : floors.entrySet()) {
                    ins.setString(1, node);
                    ins.setLong(2, e.getKey());
                    ins.setLong(3, e.getValue());
                    ins.setLong(4, timing.ttl().toMillis());
                    ins.addBatch();
                }
                if (!floors.isEmpty()) ins.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The lowest floor other nodes' live leases hold on {@code mailbox}; {@link Long#MAX_VALUE} for none. */
    long othersFloor(Connection c, long mailbox) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(floor) FROM hold_leases WHERE mailbox_id = ?"
                + " AND node <> ? AND expires_at > " + DB_NOW)) {
            ps.setLong(1, mailbox);
            ps.setString(2, node);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long f = rs.getLong(1);
                return rs.wasNull() ? Long.MAX_VALUE : f;
            }
        }
    }

    /** Stops renewing and withdraws this node's leases (a crash leaves them to expire). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
            publish(Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            // they expire
        }
    }
}
