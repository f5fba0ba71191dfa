package satchel.admin;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import satchel.server.DataDirLock;
import satchel.server.Stores;
import satchel.store.MailStore;

/**
 * {@code satchel init}: creates the data directory (0700) and an empty store in it, for installers and for
 * adding users before the first {@code serve}. Nothing else creates a store but {@code serve}; an existing store
 * is left as it is (exit 0), so running it twice is harmless.
 */
@Command(name = "init", description = "Create the data directory and an empty store (once; an existing store is kept).")
final class InitCommand implements Callable<Integer> {
    private final Io io;

    @Mixin StoreOptions store = new StoreOptions();

    InitCommand(Io io) {
        this.io = io;
    }

    @Override public Integer call() throws Failure {
        var config = store.load();
        if (!Stores.inDataDir(config)) throw new Failure("init creates the SQLite store in the data directory; "
                + "this configuration uses store = " + config.store().keyword());
        if (Stores.exists(config)) {
            io.out().println("A store already exists in " + config.dataDir() + "; nothing changed.");
            return 0;
        }
        try {
            satchel.store.PrivateFiles.directory(config.dataDir());
        } catch (IOException e) {
            throw new Failure(satchel.config.PathErrors.of("data-dir (--data)", "create", config.dataDir(), e)
                    .getMessage(), e);
        }
        try (DataDirLock lock = DataDir.lock(config, "init"); MailStore s = Stores.open(config)) {
            io.out().println("Created a store in " + config.dataDir() + ".");
        } catch (IOException e) {
            throw new Failure(e.getMessage(), e);
        }
        return 0;
    }
}
