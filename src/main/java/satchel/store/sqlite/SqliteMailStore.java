package satchel.store.sqlite;

import java.nio.file.Path;
import satchel.store.MailStore;
import satchel.store.StoreException;

/** STUB so the server branch compiles; the store helper's real class replaces it at merge. */
public final class SqliteMailStore {
    private SqliteMailStore() {}

    public static MailStore open(Path dataDir) throws StoreException {
        throw new UnsupportedOperationException("store helper");
    }
}
