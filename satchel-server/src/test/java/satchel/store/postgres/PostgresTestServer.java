package satchel.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import satchel.store.MailboxLimits;
import satchel.store.StoreException;

/**
 * One real PostgreSQL 17 for every PostgreSQL test in the JVM, started on first use from the Maven artifact
 * (no Docker, no apt) and stopped at exit. Each test directory gets its own database, so a test that reopens
 * the store in the same directory finds its data, and tests never see each other's. New databases are copies of
 * a template migrated once, so a test does not pay for creating the schema.
 */
public final class PostgresTestServer {
    private static volatile EmbeddedPostgres server;
    private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private PostgresTestServer() {}

    private static final String TEMPLATE = "satchel_template";

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60))
                        .setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off").start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException ignored) {
                        // the JVM is going anyway
                    }
                }));
                exec(pg, "CREATE DATABASE " + TEMPLATE);
                String url = "postgresql://localhost:" + pg.getPort() + "/" + TEMPLATE;
                PostgresMailStore.open(new PostgresDialect(url, "postgres", null), MailboxLimits.DEFAULT,
                        PostgresMailStore.DEFAULT_GRACE).close();
                server = pg;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (StoreException e) {
                throw new IllegalStateException(e);
            }
        }
        return server;
    }

    /** {@code postgresql://localhost:PORT/DB} of the database for {@code dir}, created on first use. */
    public static String url(Path dir) {
        return DATABASES.computeIfAbsent(dir, _ -> {
            String name = "satchel_" + NEXT.incrementAndGet();
            exec(server(), "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
            return "postgresql://localhost:" + server().getPort() + "/" + name;
        });
    }

    private static final Queue<String> EMPTIED = new ConcurrentLinkedQueue<>();

    /**
     * A database for one short-lived server (a transcript, an interop test), to hand back with {@link #giveBack}
     * once that server is closed: emptied there and lent again, because creating a database costs more than the
     * test it serves.
     */
    public static String lend() {
        String url = EMPTIED.poll();
        return url != null ? url : url(Path.of("lent-" + NEXT.get() + "-" + System.nanoTime()));
    }

    /**
     * Empties a lent database (every table but what migrations write once: the schema version and the object id
     * key in {@code secrets}; identities restarted, so it is as if new) and
     * keeps it for the next {@link #lend}. The server using it must be closed: its connections would hold locks.
     */
    public static void giveBack(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1);
        try (Connection c = server().getDatabase("postgres", name).getConnection(); Statement s = c.createStatement()) {
            String tables;
            try (ResultSet rs = s.executeQuery("SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables"
                    + " WHERE schemaname = 'public' AND tablename NOT IN ('schema_version', 'secrets')")) {
                rs.next();
                tables = rs.getString(1);
            }
            s.execute("TRUNCATE " + tables + " RESTART IDENTITY CASCADE");
            EMPTIED.add(url);
        } catch (SQLException e) {
            // not lent again: the next test gets a new database
        }
    }

    /** Retried while the template's last connections are still going away (55006: "being accessed by other users"). */
    private static void exec(EmbeddedPostgres pg, String sql) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute(sql);
                return;
            } catch (SQLException e) {
                if (!"55006".equals(e.getSQLState()) || attempt == 50) throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public static PostgresMailStore open(Path dir) throws StoreException {
        return open(dir, MailboxLimits.DEFAULT, PostgresMailStore.DEFAULT_GRACE);
    }

    public static PostgresMailStore open(Path dir, MailboxLimits limits, Duration grace) throws StoreException {
        return PostgresMailStore.open(new PostgresDialect(url(dir), "postgres", null), limits, grace);
    }
}
