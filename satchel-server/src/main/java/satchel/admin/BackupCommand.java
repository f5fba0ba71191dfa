package satchel.admin;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import satchel.config.ServerConfig;
import satchel.store.StoreException;
import satchel.store.sqlite.SqliteBackup;

/** {@code satchel backup FILE}: a consistent copy of the store, also while the server runs. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Copy the mail store to FILE, consistently, while the server runs and clients write (SQLite's "
                + "online backup of one snapshot: every change is wholly in the copy or wholly out). FILE is "
                + "replaced only once the copy is complete. Put it back with 'satchel restore FILE'."})
final class BackupCommand implements Callable<Integer> {
    private final Io io;

    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "FILE") Path file;

    BackupCommand(Io io) {
        this.io = io;
    }

    @Override public Integer call() throws Failure {
        ServerConfig config = store.load();
        if (!(config.store() instanceof satchel.config.StoreChoice.Sqlite)) throw new Failure("only the sqlite store can be backed up this way");
        long start = System.nanoTime();
        long size;
        try {
            size = SqliteBackup.backup(config.dataDir(), file);
        } catch (StoreException e) {
            throw new Failure(e.getMessage(), e);
        }
        io.out().printf("Backed up %s to %s: %d bytes in %.1f s.%n", config.dataDir(), file, size,
                (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
