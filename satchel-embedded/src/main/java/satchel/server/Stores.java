package satchel.server;

import java.io.IOException;
import satchel.config.ServerConfig;
import satchel.config.StoreChoice;
import satchel.store.MailStore;
import satchel.store.PrivateFiles;
import satchel.store.memory.MemoryMailStore;
import satchel.store.postgres.PostgresMailStore;
import satchel.store.sqlite.SqliteMailStore;

/** Opens the store a configuration names; shared by the server and the admin commands. */
public final class Stores {
    /** The SQLite store's file in the data directory. */
    public static final String DATABASE = "satchel.db";

    private Stores() {}

    /** Whether the store lives in the data directory (SQLite), so that a missing database means no store. */
    public static boolean inDataDir(ServerConfig config) {
        return (config.store() instanceof satchel.config.StoreChoice.Sqlite);
    }

    /** Whether the configured store is there already (always for one outside the data directory). */
    public static boolean exists(ServerConfig config) {
        return !inDataDir(config) || java.nio.file.Files.isRegularFile(config.dataDir().resolve(DATABASE));
    }

    /** The caller owns (closes) the store. */
    public static MailStore open(ServerConfig config) throws IOException {
        return switch (config.store()) {
            case StoreChoice.Memory _ -> new MemoryMailStore(config.mailboxLimits());
            case StoreChoice.Sqlite _ -> sqlite(config);
            case StoreChoice.Postgresql p -> postgresql(p, config);
        };
    }

    /**
     * For commands that only read: the SQLite store opened read-only ({@link SqliteMailStore#openReadOnly}), so a
     * user who may read the data directory but not write it can run them. Other stores open as usual.
     */
    public static MailStore openReadOnly(ServerConfig config) throws IOException {
        if (!(config.store() instanceof StoreChoice.Sqlite)) return open(config);
        try {
            return SqliteMailStore.openReadOnly(config.dataDir(), config.mailboxLimits());
        } catch (satchel.store.StoreException e) {
            throw new IOException("data-dir (--data): cannot read the mail store in " + config.dataDir() + ": "
                    + e.getMessage(), e);
        }
    }

    private static MailStore sqlite(ServerConfig config) throws IOException {
        // Mail and password hashes: 0700 whatever the umask, and whatever an older version left (tls/, traces/).
        try {
            PrivateFiles.directory(config.dataDir());
            PrivateFiles.tightenTree(config.dataDir(), 2);
        } catch (IOException e) {
            throw satchel.config.PathErrors.of("data-dir (--data)", "set up", config.dataDir(), e);
        }
        java.nio.file.Path db = config.dataDir().resolve(DATABASE);
        if (java.nio.file.Files.exists(db) && !java.nio.file.Files.isWritable(db)) { // SQLite would say "read-only"
            // Opening for writing also upgrades the schema and purges retained rows: say whom to run as. (Commands
            // that only read use openReadOnly.)
            throw new IOException("data-dir (--data): cannot write " + db + ": permission denied; run as the user "
                    + "that owns it (the server's)");
        }
        try {
            return SqliteMailStore.open(config.dataDir(), config.mailboxLimits());
        } catch (Exception e) { // whatever the store declares: one clear message for the operator
            throw new IOException("data-dir (--data): cannot open the mail store in " + config.dataDir() + ": " + e.getMessage(), e);
        }
    }

    private static MailStore postgresql(StoreChoice.Postgresql p, ServerConfig config) throws IOException {
        satchel.config.OptionalLibrary.POSTGRESQL.require();
        satchel.config.OptionalLibrary.HIKARICP.require();
        try {
            return PostgresMailStore.open(p.url(), p.user(), p.passwordFile(), config.mailboxLimits());
        } catch (Exception e) { // the message names the URL (never a password) and the reason
            throw new IOException(e.getMessage(), e);
        }
    }
}
