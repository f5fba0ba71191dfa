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
    private Stores() {}

    /** The caller owns (closes) the store. */
    public static MailStore open(ServerConfig config) throws IOException {
        return switch (config.store()) {
            case StoreChoice.Memory _ -> new MemoryMailStore(config.mailboxLimits());
            case StoreChoice.Sqlite _ -> sqlite(config);
            case StoreChoice.Postgresql p -> postgresql(p, config);
        };
    }

    private static MailStore sqlite(ServerConfig config) throws IOException {
        // Mail and password hashes: 0700 whatever the umask, and whatever an older version left (tls/, traces/).
        PrivateFiles.directory(config.dataDir());
        PrivateFiles.tightenTree(config.dataDir(), 2);
        try {
            return SqliteMailStore.open(config.dataDir(), config.mailboxLimits());
        } catch (Exception e) { // whatever the store declares: one clear message for the operator
            throw new IOException("cannot open the mail store in " + config.dataDir() + ": " + e.getMessage(), e);
        }
    }

    private static MailStore postgresql(StoreChoice.Postgresql p, ServerConfig config) throws IOException {
        try {
            return PostgresMailStore.open(p.url(), p.user(), p.passwordFile(), config.mailboxLimits());
        } catch (Exception e) { // the message names the URL (never a password) and the reason
            throw new IOException(e.getMessage(), e);
        }
    }
}
