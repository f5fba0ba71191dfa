package satchel.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.store.Doorbells;
import satchel.store.MailboxId;

/**
 * The doorbell between nodes: one dedicated connection (outside the pools: it must stay in LISTEN) hears the
 * {@code pg_notify} of other nodes' commits and rings this node's watchers. If the connection is lost (database
 * restart, network), it is opened again with growing pauses, and then every watcher is rung once, so whatever
 * was committed meanwhile is caught up by {@code changesSince}. A missed notification costs latency only: sessions
 * also ask on every command and periodically while idle.
 */
final class ChangeListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
    private static final int WAIT_MS = 500;
    /** While quiet, the connection is probed this often, so a dead one is noticed without traffic. */
    private static final Duration PROBE = Duration.ofSeconds(10);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final PostgresDialect dialect;
    private final String node;
    private final Doorbells doorbells;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    ChangeListener(PostgresDialect dialect, String node, Doorbells doorbells) throws SQLException {
        this.dialect = dialect;
        this.node = node;
        this.doorbells = doorbells;
        this.connection = listen(); // the first one must work: start-up fails otherwise
        this.thread = Thread.ofVirtual().name("satchel-pg-listener").start(this::loop);
    }

    private Connection listen() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", dialect.user());
        if (dialect.password() != null) props.setProperty("password", dialect.password());
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "satchel listener");
        Connection c = DriverManager.getConnection(dialect.jdbcUrl(), props);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + PostgresDatabase.CHANNEL);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void loop() {
        long quietSince = System.nanoTime();
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
                if (got != null && got.length > 0) {
                    ring(got);
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > PROBE.toNanos()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT 1");
                    }
                    quietSince = System.nanoTime();
                }
            } catch (SQLException e) {
                if (closed) return;
                if (connection != null) LOG.warn("Lost the change notification connection: {}", e.getMessage());
                closeQuietly(connection);
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

    /** Payload {@code node:mailbox}; this node's own commits have rung already. */
    private void ring(PGNotification[] notifications) {
        Set<MailboxId> boxes = new LinkedHashSet<>();
        for (PGNotification n : notifications) {
            String p = n.getParameter();
            int colon = p.lastIndexOf(':');
            if (colon < 0 || p.substring(0, colon).equals(node)) continue;
            try {
                boxes.add(new MailboxId(Long.parseLong(p.substring(colon + 1))));
            } catch (NumberFormatException ignored) {
                // not ours: someone else uses the channel name
            }
        }
        LOG.debug("Heard {} notifications for {} mailboxes", notifications.length, boxes.size());
        doorbells.ring(boxes);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken
        }
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
        closeQuietly(connection);
    }
}
