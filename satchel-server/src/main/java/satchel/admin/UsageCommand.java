package satchel.admin;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import satchel.store.MailboxInfo;
import satchel.store.MailboxStatus;

/** {@code satchel usage USER}: messages and bytes per mailbox and in total ({@code satchel quota show} has the limits). */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = "Show a user's messages and bytes per mailbox, and the total.")
final class UsageCommand implements Callable<Integer> {
    private final Io io;

    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "USER") String user;

    @Option(names = "--bytes", description = "Exact byte counts instead of K/M/G.") boolean exact;

    UsageCommand(Io io) {
        this.io = io;
    }

    @Override public Integer call() throws Failure {
        MailboxCommands.withMail(store, true, user, "read usage", mail -> {
            long messages = 0, bytes = 0;
            io.out().printf("%-40s %10s %12s%n", "MAILBOX", "MESSAGES", "SIZE");
            for (MailboxInfo m : mail.list()) {
                if (!m.selectable()) continue;
                MailboxStatus s = mail.status(m.id());
                messages += s.messages();
                bytes += s.size();
                io.out().printf("%-40s %10d %12s%n", m.name(), s.messages(), size(s.size()));
            }
            io.out().printf("%-40s %10d %12s%n", "TOTAL", messages, size(bytes));
        });
        return 0;
    }

    private String size(long n) {
        return exact ? Long.toString(n) : human(n);
    }

    /** 1.5K, 12.0M: one decimal in the largest binary unit; bytes below 1024. */
    static String human(long n) {
        if (n < 1024) return Long.toString(n);
        String[] units = {"K", "M", "G", "T"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f%s", v, units[u]);
    }
}
