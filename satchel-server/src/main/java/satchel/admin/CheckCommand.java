package satchel.admin;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import satchel.store.StoreMaintenance;
import satchel.store.StoreMaintenance.Problem;
import satchel.store.StoreMaintenance.Report;

/**
 * {@code satchel check [--repair]}: verifies the store. Exit code 0 when it is consistent (or everything found was
 * repaired), {@value #PROBLEMS_LEFT} when problems remain, 1 when the check itself could not run.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Verify the mail store: each message's bytes against its stored size and MIME structure, the "
                + "mailbox counters, and the references between users, mailboxes and messages. Prints one line per "
                + "problem, then a summary. Without --repair nothing is changed; with it, what can be fixed safely "
                + "is fixed and the rest reported.",
                "",
                "Exit codes: 0 consistent (or all repaired), 3 problems remain, 1 the check could not run."})
final class CheckCommand implements Callable<Integer> {
    static final int PROBLEMS_LEFT = 3;

    private final Io io;

    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--repair", description = "Fix what can be fixed safely; refused while a server runs on the data directory.")
    boolean repair;

    @Option(names = "--quiet", description = "No progress display.") boolean quiet;

    CheckCommand(Io io) {
        this.io = io;
    }

    @Override public Integer call() throws Failure {
        Report[] report = new Report[1];
        ProgressDisplay progress = new ProgressDisplay(io.err(), io.console() != null);
        var config = store.load();
        DataDir.requireStore(config);
        // A repair rewrites what a running server may be using; the lock keeps a server from starting meanwhile.
        if (!repair) {
            DataDir.holder(config).ifPresent(h -> io.err().println("satchel: note: " + h
                    + " runs on this data directory; checking what it has committed so far"));
        }
        try (var lock = repair ? DataDir.lock(config, "check --repair") : null) {
            UserCommands.withStore(store, !repair, s -> {
                if (!(s instanceof StoreMaintenance m)) throw new Failure("this store cannot be checked");
                report[0] = m.check(repair, quiet ? StoreMaintenance.Progress.NONE : progress);
            });
        } catch (java.io.IOException e) {
            throw new Failure("cannot release " + config.dataDir().resolve(satchel.server.DataDirLock.FILE) + ": "
                    + e.getMessage(), e);
        }
        progress.end();
        Report r = report[0];
        for (Problem p : r.problems()) io.out().println(p);
        long left = r.unrepaired();
        io.out().printf("Checked %d users, %d mailboxes, %d messages: %d problems, %d repaired, %d left.%n",
                r.users(), r.mailboxes(), r.messages(), r.problems().size(), r.problems().size() - left, left);
        return left == 0 ? 0 : PROBLEMS_LEFT;
    }
}
