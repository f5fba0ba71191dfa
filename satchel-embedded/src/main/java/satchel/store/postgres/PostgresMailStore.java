package satchel.store.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import satchel.store.MailboxLimits;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.sql.SqlMailStore;

/**
 * The store on a PostgreSQL database that several Satchel nodes may share: the shared SQL store code with
 * {@link PostgresDialect}. The schema is created and migrated at start-up (one node at a time). Thread-safe; an
 * operation that returned has committed.
 */
public final class PostgresMailStore extends SqlMailStore {
    private PostgresMailStore(PostgresDialect dialect, MailboxLimits limits, Duration grace)
            throws SQLException, StoreException {
        super(dialect, limits, grace);
    }

    /**
     * Connects to {@code url} ({@code postgresql://HOST[:PORT]/DATABASE}) as {@code user}, with the password in the
     * first line of {@code passwordFile} (null: none). A database that is missing or unreachable fails with a
     * message naming the URL and the reason.
     */
    public static PostgresMailStore open(String url, String user, Path passwordFile, MailboxLimits limits)
            throws StoreException {
        String password = null;
        if (passwordFile != null) {
            try {
                password = Files.readAllLines(passwordFile).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new StoreException(Kind.UNAVAILABLE, "cannot read store.password-file " + passwordFile + ": "
                        + e.getMessage(), e);
            }
        }
        return open(new PostgresDialect(url, user, password), limits, DEFAULT_GRACE);
    }

    static PostgresMailStore open(PostgresDialect dialect, MailboxLimits limits, Duration grace)
            throws StoreException {
        try {
            return new PostgresMailStore(dialect, limits, grace);
        } catch (SQLException e) {
            throw new StoreException(Kind.UNAVAILABLE, "cannot open the PostgreSQL store at " + dialect.url() + ": "
                    + reason(e), e);
        }
    }

    /** The database under this store (tests reach its {@link Ringer}). */
    PostgresDatabase postgres() {
        return (PostgresDatabase) database();
    }

    /** The driver's first line, which says what went wrong (refused, no such database, authentication). */
    private static String reason(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
