package satchel.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import satchel.auth.Passwords;
import satchel.auth.Scram;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;
import satchel.store.StoreException;
import satchel.store.sqlite.SqliteMailStore;

/** A real server on a SQLite store in a temporary directory, with users alice and bob (password {@link #PASSWORD}). */
final class Fixture {
    static final String PASSWORD = "s3cretPW";

    private Fixture() {}

    static ServerConfig config(Path dir) {
        return ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps("off");
    }

    static ImapServer start(Path dir, UnaryOperator<ServerConfig> tweak) throws IOException, StoreException {
        SqliteMailStore store = SqliteMailStore.open(dir);
        for (String user : new String[] {"alice", "bob"}) {
            if (store.user(user).isEmpty()) {
                store.createUser(user, Passwords.hash(PASSWORD), Scram.storedKeys(PASSWORD));
            }
        }
        return ImapServer.start(tweak.apply(config(dir)), store);
    }
}
