package satchel.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import satchel.store.MailboxLimits;
import satchel.store.StoreException;

/**
 * One real PostgreSQL 17 for every PostgreSQL test in the JVM, started on first use from the Maven artifact
 * (no Docker, no apt) and stopped at exit. Each test directory gets its own database, so a test that reopens
 * the store in the same directory finds its data, and tests never see each other's.
 */
public final class PostgresTestServer {
    private static volatile EmbeddedPostgres server;
    private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private PostgresTestServer() {}

    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException ignored) {
                        // the JVM is going anyway
                    }
                }));
                server = pg;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** {@code postgresql://localhost:PORT/DB} of the database for {@code dir}, created on first use. */
    public static String url(Path dir) {
        return DATABASES.computeIfAbsent(dir, _ -> {
            String name = "satchel_" + NEXT.incrementAndGet();
            try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return "postgresql://localhost:" + server().getPort() + "/" + name;
        });
    }

    public static PostgresMailStore open(Path dir) throws StoreException {
        return open(dir, MailboxLimits.DEFAULT, PostgresMailStore.DEFAULT_GRACE);
    }

    public static PostgresMailStore open(Path dir, MailboxLimits limits, Duration grace) throws StoreException {
        return PostgresMailStore.open(new PostgresDialect(url(dir), "postgres", null), limits, grace);
    }
}
