package satchel.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.store.Doorbells;
import satchel.store.MailboxId;

/**
 * The doorbell between nodes: one dedicated connection (outside the pools: it must stay in LISTEN) hears the
 * {@code pg_notify} other nodes' {@link Ringer}s send after their commits and rings this node's watchers. If the
 * connection is lost (database restart, network), it is opened again with growing pauses, and then every watcher
 * is rung once, so whatever was committed meanwhile is caught up by {@code changesSince}.
 *
 * <p>The catch-up for a ring that never came (its node killed between the commit and the ring): every
 * {@link #SWEEP} the same connection reads the HIGHESTMODSEQ of every watched mailbox, one indexed statement, and
 * rings those that moved since the last sweep or are gone. A missed notification therefore costs at most two
 * sweeps' latency; sessions also ask on every command and periodically while idle. Not covered: a ring lost in the
 * seconds between a mailbox's first watcher reading it and the first sweep that sees it (a mailbox seen for the
 * first time is only noted: ringing it would wake its sessions for nothing, every time one is first watched), and
 * the account bells (mailbox tree, subscriptions, annotations: no modseq to compare). IDLE's own poll and the next
 * command catch those.
 *
 * <p>Whether any other node listens ({@link #othersListening}): a node alone need not ring anybody, and its rings
 * cost both sides a round trip and a wake-up of this very listener per commit (about 8 % of a lone node's JVM CPU on
 * APPEND). Each sweep counts the other listener connections; a listener that connects says {@code node:hello} on the
 * channel, and any notification from another node counts as one listening, so a node that joins is rung from the
 * moment its hello arrives, before the next sweep would have seen it.
 */
final class ChangeListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
    private static final int WAIT_MS = 500;
    /** How often the watched mailboxes are compared with the database; it also probes a quiet connection. */
    static final Duration SWEEP = Duration.ofSeconds(5);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);
    /** The listener connections' application_name, by which a node counts the others. */
    private static final String APPLICATION = "satchel listener";

    private final PostgresDialect dialect;
    private final String node;
    private final Doorbells doorbells;
    private final Thread thread;
    private volatile boolean closed;
    /** Whether another node's listener may hear a ring (true until a sweep has counted none). */
    private volatile boolean others = true;
    private volatile Connection connection;
    /** HIGHESTMODSEQ of each watched mailbox at the last sweep; {@link #GONE} once it no longer exists. */
    private Map<Long, Long> swept = new HashMap<>();
    private static final long GONE = -1;

    ChangeListener(PostgresDialect dialect, String node, Doorbells doorbells) throws SQLException {
        this.dialect = dialect;
        this.node = node;
        this.doorbells = doorbells;
        this.connection = listen(); // the first one must work: start-up fails otherwise
        this.thread = Thread.ofVirtual().name("satchel-pg-listener").start(this::loop);
    }

    private Connection listen() throws SQLException {
        Connection c = dialect.dedicated(APPLICATION, java.util.Map.of(), "LISTEN " + PostgresDatabase.CHANNEL);
        try (Statement s = c.createStatement()) {
            // After LISTEN: a node that counted the listeners before this connection existed hears this instead.
            s.execute("SELECT pg_notify('" + PostgresDatabase.CHANNEL + "', '" + node + ":hello')");
        } catch (SQLException e) {
            PostgresDialect.closeQuietly(c);
            throw e;
        }
        return c;
    }

    /** Whether a ring to the other nodes may be heard: false only after a sweep counted no other listener. */
    boolean othersListening() {
        return others;
    }

    /** Counts the other nodes' listener connections to this database (pg_stat_activity shows every session's name). */
    private void countOthers(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE"
                + " datname = current_database() AND application_name = ? AND pid <> pg_backend_pid())")) {
            ps.setString(1, APPLICATION);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                others = rs.getBoolean(1);
            }
        }
    }

    private void loop() {
        long sweptAt = System.nanoTime();
        Duration pause = Duration.ofMillis(100);
        while (!closed) {
            try {
                Connection c = connection;
                if (c == null) {
                    c = listen();
                    connection = c;
                    pause = Duration.ofMillis(100);
                    LOG.info("Listening for changes from other nodes again; catching up");
                    doorbells.ringAll();
                }
                PGNotification[] got = c.unwrap(PGConnection.class).getNotifications(WAIT_MS);
                if (got != null && got.length > 0) ring(got);
                if (System.nanoTime() - sweptAt > SWEEP.toNanos()) {
                    countOthers(c); // before the notifications it may race with: a hello read later sets it again
                    sweep(c);
                    sweptAt = System.nanoTime();
                }
            } catch (SQLException e) {
                if (closed) return;
                if (connection != null) LOG.warn("Lost the change notification connection: {}", e.getMessage());
                PostgresDialect.closeQuietly(connection);
                connection = null;
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /** Rings the watched mailboxes whose HIGHESTMODSEQ is not what the last sweep saw (see the class comment). */
    private void sweep(Connection c) throws SQLException {
        Long[] ids = doorbells.watched().stream().map(MailboxId::value).filter(v -> v > 0).toArray(Long[]::new);
        Map<Long, Long> now = new HashMap<>();
        if (ids.length > 0) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, highestmodseq FROM mailboxes WHERE id = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("bigint", ids));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) now.put(rs.getLong(1), rs.getLong(2));
                }
            }
        } else {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1"); // still a probe: a dead connection is noticed without traffic
            }
        }
        List<MailboxId> moved = new ArrayList<>();
        for (Long id : ids) {
            long at = now.getOrDefault(id, GONE);
            now.put(id, at);
            Long before = swept.get(id);
            if (before != null && before != at) moved.add(new MailboxId(id));
        }
        swept = now;
        if (!moved.isEmpty()) {
            LOG.debug("Sweep: {} of {} watched mailboxes moved since the last sweep", moved.size(), ids.length);
            doorbells.ring(moved);
        }
    }

    /** Payload {@code node:mailbox}; this node's own commits have rung already. */
    private void ring(PGNotification[] notifications) {
        Set<MailboxId> boxes = new LinkedHashSet<>();
        for (PGNotification n : notifications) {
            String p = n.getParameter();
            int colon = p.lastIndexOf(':');
            if (colon < 0 || p.substring(0, colon).equals(node)) continue;
            others = true; // another node listens (a hello, or a ring from a node that counted this one)
            try {
                boxes.add(new MailboxId(Long.parseLong(p.substring(colon + 1))));
            } catch (NumberFormatException ignored) {
                // not ours: someone else uses the channel name
            }
        }
        LOG.debug("Heard {} notifications for {} mailboxes", notifications.length, boxes.size());
        doorbells.ring(boxes);
    }

    @Override
    public void close() {
        closed = true;
        // Unblocks a wait for notifications at once (close() would queue behind it); the loop then sees closed.
        Connection c = connection;
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException ignored) {
                // it is going anyway
            }
        }
        try {
            thread.join(Duration.ofMillis(2 * WAIT_MS + 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PostgresDialect.closeQuietly(connection);
    }
}
