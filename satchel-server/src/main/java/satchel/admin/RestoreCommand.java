package satchel.admin;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import satchel.config.ServerConfig;
import satchel.server.Stores;
import satchel.store.StoreException;
import satchel.store.StoreMaintenance;
import satchel.store.sqlite.SqliteBackup;

/** {@code satchel restore FILE}: a backup back in place, with the server stopped. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Put a backup made by 'satchel backup' back as the mail store, then check it. Refused while a "
                + "server runs on the data directory. The store it replaces is kept as satchel.db.before-restore "
                + "in the data directory until the next restore.",
                "",
                "Exit codes: 0 restored and consistent, 3 restored but check found problems, 1 not restored."})
final class RestoreCommand implements Callable<Integer> {
    private final Io io;

    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "FILE") Path file;

    RestoreCommand(Io io) {
        this.io = io;
    }

    @Override public Integer call() throws Failure {
        ServerConfig config = store.load();
        if (!(config.store() instanceof satchel.config.StoreChoice.Sqlite)) throw new Failure("only the sqlite store can be restored this way");
        StoreMaintenance.Report report;
        // Held until the check is done: a server starting meanwhile would see a store half put back.
        try {
            satchel.store.PrivateFiles.directory(config.dataDir()); // restore may be the first thing in a new directory
        } catch (java.io.IOException e) {
            throw new Failure(satchel.config.PathErrors.of("data-dir (--data)", "create", config.dataDir(), e).getMessage(), e);
        }
        try (satchel.server.DataDirLock _ = DataDir.lock(config, "restore")) {
            SqliteBackup.restore(file, config.dataDir());
            try (var s = Stores.open(config)) {
                report = ((StoreMaintenance) s).check(false, StoreMaintenance.Progress.NONE);
            }
        } catch (StoreException | java.io.IOException e) {
            throw new Failure(e.getMessage(), e);
        }
        for (var p : report.problems()) io.out().println(p);
        io.out().printf("Restored %s into %s: %d users, %d mailboxes, %d messages; %d problems.%n", file,
                config.dataDir(), report.users(), report.mailboxes(), report.messages(), report.problems().size());
        return report.problems().isEmpty() ? 0 : CheckCommand.PROBLEMS_LEFT;
    }
}
