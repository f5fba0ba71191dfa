package satchel.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import satchel.store.MailboxLimits;

/**
 * A PostgreSQL of a test's own, on a fixed data directory and port so that it can be stopped and started again
 * under running nodes (outage tests): the shared test server must never restart under other tests. Holds one
 * database, {@code satchel}.
 */
final class RestartablePostgres implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Map<String, String> settings;
    private EmbeddedPostgres pg;

    private RestartablePostgres(Path dir, int port, Map<String, String> settings) {
        this.dir = dir;
        this.port = port;
        this.settings = settings;
    }

    /** Starts one in {@code dir} with the given server settings (e.g. fsync off) and creates the database. */
    static RestartablePostgres start(Path dir, Map<String, String> settings) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var db = new RestartablePostgres(dir, port, settings);
        db.startAgain();
        try (Connection c = db.pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE satchel");
        }
        return db;
    }

    /** Starts it again on the same data directory and port after {@link #stop}. */
    void startAgain() throws IOException {
        var builder = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60));
        settings.forEach(builder::setServerConfig);
        pg = builder.start();
    }

    /** Stops it; connections to it break. */
    void stop() throws IOException {
        EmbeddedPostgres running = pg;
        pg = null;
        if (running != null) running.close();
    }

    String url() {
        return "postgresql://localhost:" + port + "/satchel";
    }

    /** A store on it, waiting at most {@code wait} for a connection (how long an outage takes to answer). */
    PostgresMailStore store(Duration wait) throws Exception {
        return PostgresMailStore.open(new PostgresDialect(url(), "postgres", null, wait), MailboxLimits.DEFAULT,
                PostgresMailStore.DEFAULT_GRACE);
    }

    /** A plain connection to the database, as the superuser. */
    Connection connect() throws SQLException {
        return pg.getDatabase("postgres", "satchel").getConnection();
    }

    @Override public void close() throws IOException {
        stop();
    }
}
