package satchel.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import satchel.config.ServerConfig;
import satchel.server.DataDirLock;
import satchel.server.Stores;

/**
 * What the commands may assume about a data directory: only {@code serve} and {@code init} create a store, every
 * other command needs one (a mistyped {@code --data} must not make a new, empty store), and some must not run
 * beside a server ({@link DataDirLock}).
 */
final class DataDir {
    private DataDir() {}

    /** Fails with one line saying how to create the store, unless the configured one exists. */
    static void requireStore(ServerConfig config) throws Failure {
        if (!Stores.inDataDir(config)) return;
        Path dir = config.dataDir();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Failure("data-dir (--data): " + dir + " is not a directory");
        }
        if (!Stores.exists(config)) throw new Failure(noStore(dir));
    }

    static String noStore(Path dir) {
        return "no store at " + dir + "; create one with `satchel init --data " + dir + "` or start `satchel serve`";
    }

    /** Who holds the data directory's lock (a server, a repair), if anyone. */
    static Optional<String> holder(ServerConfig config) throws Failure {
        try {
            return DataDirLock.holder(config.dataDir());
        } catch (IOException e) {
            throw new Failure("cannot tell whether a server runs: cannot read "
                    + config.dataDir().resolve(DataDirLock.FILE) + ": " + satchel.config.PathErrors.reason(e), e);
        }
    }

    /** Takes the lock for {@code command}, or fails naming whoever holds it. */
    static DataDirLock lock(ServerConfig config, String command) throws Failure {
        try {
            return DataDirLock.acquire(config.dataDir(), command);
        } catch (DataDirLock.Held e) {
            throw new Failure("cannot " + command + " while " + e.holder() + " uses " + config.dataDir()
                    + "; stop it first");
        } catch (IOException e) {
            throw new Failure("data-dir (--data): cannot lock " + config.dataDir().resolve(DataDirLock.FILE) + ": "
                    + satchel.config.PathErrors.reason(e), e);
        }
    }
}
