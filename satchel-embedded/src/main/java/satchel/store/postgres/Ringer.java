package satchel.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.store.MailboxId;

/**
 * Rings the other nodes' doorbells after a commit: {@code pg_notify} for each mailbox a write changed, sent from
 * a connection of its own by one virtual thread, which sends whatever queued while the previous send was on its
 * way as one statement.
 *
 * <p>Why not in the writing transaction, as before: PostgreSQL lets one notifying transaction commit at a time (a
 * database-wide lock taken before the commit record, released after its WAL flush), so every write of the cluster
 * flushed alone and the doorbell waited on that queue. Here the notification is a transaction of its own, with
 * {@code synchronous_commit} off: it holds the lock for no flush, since a notification is not data (if the
 * database crashes, every listener reconnects and catches up anyway).
 *
 * <p>What this gives up is atomicity with the commit, so a ring can be lost: this node killed between a commit and
 * its ring. Other failures only delay it (the send is retried on a new connection until it goes, the queued
 * mailboxes kept). A lost ring costs latency, never a change: sessions read {@code changesSince} on every command
 * and while idling every {@code IdleCommand.POLL}, and each node's {@link ChangeListener} compares the watched
 * mailboxes' HIGHESTMODSEQ every {@link ChangeListener#SWEEP} and rings those that moved without a bell.
 */
final class Ringer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ringer.class);
    /** At most this many notifications per statement. */
    private static final int BATCH = 500;
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final PostgresDialect dialect;
    private final String node;
    private final Thread thread;
    /** Mailboxes to ring (guarded by this). */
    private final Set<Long> pending = new LinkedHashSet<>();
    private volatile boolean closed;
    /** Used by the ringing thread only. */
    private Connection connection;

    Ringer(PostgresDialect dialect, String node) {
        this.dialect = dialect;
        this.node = node;
        this.thread = Thread.ofVirtual().name("satchel-pg-ringer").start(this::loop);
    }

    /** Queues a ring for each mailbox to the other nodes; returns at once. After {@link #close}, does nothing. */
    void ring(Collection<MailboxId> mailboxes) {
        if (mailboxes.isEmpty() || closed) return;
        synchronized (this) {
            for (MailboxId id : mailboxes) pending.add(id.value());
            notifyAll();
        }
    }

    private void loop() {
        Duration pause = Duration.ofMillis(100);
        while (true) {
            List<Long> batch;
            synchronized (this) {
                while (pending.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending.isEmpty()) return; // closed, and nothing left to send
                batch = new ArrayList<>(Math.min(BATCH, pending.size()));
                var it = pending.iterator();
                while (it.hasNext() && batch.size() < BATCH) {
                    batch.add(it.next());
                    it.remove();
                }
            }
            try {
                send(batch);
                pause = Duration.ofMillis(100);
            } catch (SQLException e) {
                synchronized (this) {
                    pending.addAll(batch); // tried again on a new connection
                }
                LOG.warn("Could not ring the other nodes ({} mailboxes); trying again: {}", batch.size(),
                        e.getMessage());
                PostgresDialect.closeQuietly(connection);
                connection = null;
                if (closed) return;
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /** One statement, autocommitted: its payloads are this node's UUID and numbers only. */
    private void send(List<Long> batch) throws SQLException {
        if (connection == null) connection = open();
        StringBuilder sql = new StringBuilder("SELECT");
        String sep = " ";
        for (long id : batch) {
            sql.append(sep).append("pg_notify('" + PostgresDatabase.CHANNEL + "', '").append(node).append(':')
                    .append(id).append("')");
            sep = ", ";
        }
        long t0 = System.nanoTime();
        try (Statement s = connection.createStatement()) {
            s.execute(sql.toString());
        }
        LOG.debug("Rang the other nodes for {} mailboxes in {} us", batch.size(), (System.nanoTime() - t0) / 1000);
    }

    private Connection open() throws SQLException {
        return dialect.dedicated("satchel doorbell", java.util.Map.of(
                "connectTimeout", Long.toString(Math.max(1, dialect.unavailableAfter().toSeconds())),
                "socketTimeout", Long.toString(Math.max(60, dialect.unavailableAfter().toSeconds() * 6))),
                "SET synchronous_commit = off");
    }

    /** Sends what is queued (for a moment at most), then stops; rings queued after this are dropped. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) thread.interrupt();
        PostgresDialect.closeQuietly(connection);
    }
}
