package satchel.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import satchel.config.ConfigException;
import satchel.config.ConfigFile;
import satchel.config.ServerConfig;
import satchel.config.StoreChoice;
import satchel.server.DataDirLock;
import satchel.server.Stores;
import satchel.store.MailStore;
import satchel.store.StoreException;
import satchel.store.StoreMaintenance;
import satchel.transfer.StoreCopy;

/** {@code satchel store copy}: moving every account between stores (SQLite and PostgreSQL). */
final class StoreCommands {
    private StoreCommands() {}

    static CommandLine commandLine(Io io) {
        return new CommandLine(new Store()).addSubcommand(new Copy(io));
    }

    @Command(name = "store", description = "Operations on a whole mail store.", subcommands = {})
    static final class Store implements Runnable {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing command (copy)");
        }
    }

    @Command(name = "copy", mixinStandardHelpOptions = true,
            description = {"Copy every account from one store to another: from an SQLite data directory to "
                    + "PostgreSQL, or back. Each of --from and --to is a configuration file (the store it configures) "
                    + "or a data directory (the SQLite store in it; created when the target is new).",
                    "Users keep their password hashes; mailboxes their UIDVALIDITY, special-use attributes and "
                            + "subscriptions; messages their UIDs, modseqs, flags, keywords and internal dates: "
                            + "clients notice nothing. Stop the servers of both stores first.",
                    "Safe to rerun: what the target has already is skipped. The target is checked afterwards "
                            + "(as satchel check); exit code 3 when that finds problems."})
    static final class Copy implements Callable<Integer> {
        private final Io io;

        @Option(names = "--from", required = true, paramLabel = "CONFIG_OR_DIR", description = "The source store.")
        Path from;

        @Option(names = "--to", required = true, paramLabel = "CONFIG_OR_DIR", description = "The target store.")
        Path to;

        @Option(names = "--quiet", description = "No progress display.") boolean quiet;

        Copy(Io io) {
            this.io = io;
        }

        @Override public Integer call() throws Failure {
            ServerConfig source = config(from, "--from");
            ServerConfig target = config(to, "--to");
            DataDir.requireStore(source);
            if (source.store().equals(target.store()) && source.dataDir().toAbsolutePath().normalize()
                    .equals(target.dataDir().toAbsolutePath().normalize())) {
                throw new Failure("--from and --to name the same store");
            }
            ProgressDisplay progress = new ProgressDisplay(io.err(), io.console() != null);
            StoreMaintenance.Progress shown = quiet ? StoreMaintenance.Progress.NONE : progress;
            // A server on either SQLite directory would see rows change under it (or write while they are read).
            try (DataDirLock a = lockIfLocal(source, "store copy"); DataDirLock b = lockIfLocal(target, "store copy");
                 MailStore src = Stores.open(source); MailStore dst = Stores.open(target)) {
                StoreCopy.Summary r = new StoreCopy(src, dst, shown, line -> {
                    progress.end();
                    io.err().println("satchel store copy: " + line);
                }).run();
                progress.end();
                io.out().printf("Copied %d users (%d new), %d mailboxes: %d messages, %d bytes; %d already there.%n",
                        r.users(), r.usersCreated(), r.mailboxes(), r.messages(), r.bytes(), r.alreadyThere());
                if (!(dst instanceof StoreMaintenance m)) return 0;
                StoreMaintenance.Report check = m.check(false, shown);
                progress.end();
                check.problems().forEach(p -> io.out().println(p));
                io.out().printf("Checked the target: %d users, %d mailboxes, %d messages: %d problems.%n",
                        check.users(), check.mailboxes(), check.messages(), check.problems().size());
                return check.problems().isEmpty() ? 0 : CheckCommand.PROBLEMS_LEFT;
            } catch (IOException | StoreException e) {
                progress.end();
                throw new Failure("store copy: " + e.getMessage(), e);
            }
        }

        /** A file is a configuration file; a directory, or nothing yet (a new target), an SQLite data directory. */
        private static ServerConfig config(Path p, String option) throws Failure {
            ServerConfig c;
            try {
                c = Files.isRegularFile(p) ? ConfigFile.load(p, StoreOptions.DEFAULT_DATA)
                        : ServerConfig.standalone(p);
            } catch (ConfigException e) {
                throw new Failure(option + ": " + e.getMessage());
            }
            if (c.store() instanceof StoreChoice.Memory) throw new Failure(option + ": the memory store keeps nothing");
            return c;
        }

        private static DataDirLock lockIfLocal(ServerConfig config, String command) throws Failure {
            if (!Stores.inDataDir(config)) return null;
            try {
                Files.createDirectories(config.dataDir()); // a new target; the store makes it private
            } catch (IOException e) {
                throw new Failure("cannot create " + config.dataDir() + ": " + e.getMessage(), e);
            }
            return DataDir.lock(config, command);
        }
    }
}
