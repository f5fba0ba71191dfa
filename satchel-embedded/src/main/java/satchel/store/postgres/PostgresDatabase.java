package satchel.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.UUID;
import satchel.store.Doorbells;
import satchel.store.StoreException;
import satchel.store.sql.Database;
import satchel.store.sql.Schema;

/**
 * Concurrent transactions on a PostgreSQL database, from two pools: writes at READ COMMITTED, locking the rows
 * they allocate from ({@code SELECT … FOR UPDATE} on the mailbox: writers of one mailbox take turns, so UIDs
 * become visible in ascending order); reads at REPEATABLE READ, read-only, so a read sees one snapshot. A write
 * that meets a serialization failure, a deadlock or a unique-key race runs again from the start, a few times.
 *
 * <p>Doorbells: after a write commits, this node rings its own listeners directly and hands the mailboxes it
 * changed to its {@link Ringer}, which sends {@code pg_notify} to every node from a connection of its own (not in
 * the write's transaction: see there); each node's {@link ChangeListener} skips its own notifications.
 */
final class PostgresDatabase implements Database {
    static final String CHANNEL = "satchel_changes";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostgresDatabase.class);
    private static final int ATTEMPTS = 5;

    private final PostgresDialect dialect;
    private final Doorbells doorbells;
    /** Tells this node's notifications from other nodes'. */
    private final String node = UUID.randomUUID().toString();
    private final HikariDataSource writes;
    private final HikariDataSource reads;
    private final ChangeListener listener;
    private final Ringer ringer;
    private volatile HoldLeases leases;

    PostgresDatabase(PostgresDialect dialect, Doorbells doorbells) throws SQLException {
        this.dialect = dialect;
        this.doorbells = doorbells;
        HikariDataSource w = null;
        HikariDataSource r = null;
        try {
            // Writers of one mailbox wait for its row holding a connection: more of them than readers.
            w = pool(dialect, "satchel-writes", "TRANSACTION_READ_COMMITTED", false, 16);
            try (Connection c = w.getConnection()) {
                Schema.migrate(c, dialect);
            }
            r = pool(dialect, "satchel-reads", "TRANSACTION_REPEATABLE_READ", true, 8);
            this.listener = new ChangeListener(dialect, node, doorbells);
        } catch (RuntimeException | SQLException e) {
            if (r != null) r.close();
            if (w != null) w.close();
            // Hikari reports a failed first connection unchecked, with the driver's exception inside.
            if (e instanceof SQLException se) throw se;
            throw e.getCause() instanceof SQLException se ? se : new SQLException(e.getMessage(), "08001", e);
        }
        this.writes = w;
        this.reads = r;
        this.ringer = new Ringer(dialect, node);
    }

    private static HikariDataSource pool(PostgresDialect d, String name, String isolation, boolean readOnly,
                                         int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(d.jdbcUrl());
        config.setUsername(d.user());
        if (d.password() != null) config.setPassword(d.password());
        config.setAutoCommit(false);
        config.setTransactionIsolation(isolation);
        config.setReadOnly(readOnly);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        // During a database outage a command waits this long for a connection, then gets NO [UNAVAILABLE]; under
        // load, writers queued behind one busy mailbox wait for a connection within it.
        config.setConnectionTimeout(d.unavailableAfter().toMillis());
        config.setValidationTimeout(Math.min(2_000, d.unavailableAfter().toMillis() / 2));
        // A database that stops answering (a partition, a frozen host) must not hang a session for the kernel's
        // TCP timeout: a statement that gets no byte back for this long fails like a lost connection. Generous,
        // since a large COPY or SEARCH may legitimately take a while before its first row.
        config.addDataSourceProperty("socketTimeout", Math.max(60, d.unavailableAfter().toSeconds() * 6));
        config.addDataSourceProperty("tcpKeepAlive", true);
        config.addDataSourceProperty("connectTimeout", Math.max(1, d.unavailableAfter().toSeconds()));
        return new HikariDataSource(config);
    }

    @Override
    public PostgresDialect dialect() {
        return dialect;
    }

    @Override
    public <T> T read(Work<T> work) throws StoreException {
        try (Connection c = reads.getConnection()) {
            try {
                T result = work.run(new Tx(c, new LinkedHashSet<>(), ""));
                c.commit();
                return result;
            } catch (SQLException | StoreException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw dialect.translate(e);
        }
    }

    @Override
    public <T> T readOne(Work<T> work) throws StoreException {
        try (Connection c = reads.getConnection()) {
            c.setAutoCommit(true); // no transaction open: the driver only stops sending BEGIN and COMMIT
            try {
                return work.run(new Tx(c, new LinkedHashSet<>(), ""));
            } finally {
                c.setAutoCommit(false);
            }
        } catch (SQLException e) {
            throw dialect.translate(e);
        }
    }

    @Override
    public <T> T write(Work<T> work, long bytes) throws StoreException {
        return writing(work, false);
    }

    @Override
    public <T> T writeOne(Work<T> work) throws StoreException {
        return writing(work, true);
    }

    /**
     * A write, retried while PostgreSQL says it may be; then its mailboxes are rung. {@code oneStatement}: the work
     * is a single statement, run as its own transaction (no BEGIN, no COMMIT round trip).
     */
    private <T> T writing(Work<T> work, boolean oneStatement) throws StoreException {
        for (int attempt = 1; ; attempt++) {
            Tx tx;
            T result;
            try (Connection c = writes.getConnection()) {
                tx = new Tx(c, new LinkedHashSet<>(), " FOR UPDATE");
                result = oneStatement ? autocommitted(c, tx, work) : committed(c, tx, work);
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && PostgresDialect.retryable(e)) continue;
                throw dialect.translate(e);
            }
            // Queued for the other nodes first, if any listens: this node's own listeners run right here.
            if (listener.othersListening()) ringer.ring(tx.ring());
            doorbells.ring(tx.ring());
            return result;
        }
    }

    private static <T> T committed(Connection c, Tx tx, Work<T> work) throws SQLException, StoreException {
        try {
            T result = work.run(tx);
            long t0 = System.nanoTime();
            c.commit();
            if (LOG.isDebugEnabled() && !tx.ring().isEmpty()) {
                LOG.debug("Committed with {} mailboxes to ring in {} us", tx.ring().size(),
                        (System.nanoTime() - t0) / 1000);
            }
            return result;
        } catch (SQLException | StoreException | RuntimeException e) {
            rollback(c, e);
            throw e;
        }
    }

    private static <T> T autocommitted(Connection c, Tx tx, Work<T> work) throws SQLException, StoreException {
        c.setAutoCommit(true);
        try {
            return work.run(tx);
        } finally {
            c.setAutoCommit(false);
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e); // the connection is likely gone; the pool drops it
        }
    }

    @Override
    public synchronized java.time.Duration shareHolds(satchel.store.Holds holds, java.time.Duration grace) {
        HoldLeases.Timing timing = HoldLeases.Timing.of(grace);
        if (leases == null) leases = new HoldLeases(writes, node, holds, timing);
        return timing.lag();
    }

    @Override
    public long othersFloor(Connection c, long mailbox) throws SQLException {
        HoldLeases l = leases;
        // Until this node shares its own holds it knows no others' either: keep everything.
        return l == null ? Long.MIN_VALUE : l.othersFloor(c, mailbox);
    }

    /** What rings the other nodes: a test closes it to play a node that dies between a commit and its ring. */
    Ringer ringer() {
        return ringer;
    }

    ChangeListener listener() {
        return listener;
    }

    @Override
    public void close() {
        HoldLeases l = leases;
        if (l != null) l.close();
        ringer.close();
        listener.close();
        reads.close();
        writes.close();
    }
}
