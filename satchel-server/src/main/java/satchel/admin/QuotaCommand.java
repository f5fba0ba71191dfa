package satchel.admin;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import satchel.config.QuotaValues;
import satchel.store.Limit;
import satchel.store.MailStore;
import satchel.store.Quota;
import satchel.store.QuotaOverride;
import satchel.store.StoreException;
import satchel.store.User;

/**
 * {@code satchel quota set|show|clear USER}: a user's own quota limits (RFC 9208 STORAGE and MESSAGE), which replace
 * the configured defaults ({@code quota.storage}, {@code quota.messages}) resource by resource, and the usage.
 * Limits are stored in the database, so they apply at once to a running server and to every node sharing it.
 */
final class QuotaCommand {
    private QuotaCommand() {}

    @Command(name = "quota", description = "Show or set a user's quota (storage and messages).",
            mixinStandardHelpOptions = true)
    static final class Group implements Runnable {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: set, show or clear");
        }
    }

    static CommandLine commandLine(Io io) {
        return new CommandLine(new Group())
                .addSubcommand(new Set(io))
                .addSubcommand(new Show(io))
                .addSubcommand(new Clear(io));
    }

    abstract static class Base implements Callable<Integer> {
        final Io io;

        @Mixin StoreOptions store = new StoreOptions();

        @Parameters(index = "0", paramLabel = "USER") String user;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        Base(Io io) {
            this.io = io;
        }

        interface Action {
            void run(MailStore store, User user) throws StoreException, Failure;
        }

        void withUser(boolean readOnly, Action action) throws Failure {
            UserCommands.withStore(store, readOnly, s -> {
                User u = s.user(user).orElseThrow(() -> new Failure("no such user: " + user));
                action.run(s, u);
            });
        }

        void print(Quota q) {
            io.out().printf("%-9s %-28s %s%n", "storage", "used " + UsageCommand.human(q.storageBytes()) + " ("
                    + q.storageBytes() + " bytes)", "limit " + QuotaValues.storage(q.limits().storage())
                    + (q.own().storage().isPresent() ? " (own)" : " (default)"));
            io.out().printf("%-9s %-28s %s%n", "messages", "used " + q.messages(), "limit "
                    + QuotaValues.messages(q.limits().messages()) + (q.own().messages().isPresent() ? " (own)" : " (default)"));
        }
    }

    @Command(name = "set", description = "Set the user's own limits; a resource not given keeps its current limit.")
    static final class Set extends Base {
        @Option(names = "--storage", paramLabel = "SIZE",
                description = "Storage limit: a size (500M, 2G, bytes without a unit), unlimited, or default.")
        String storage;

        @Option(names = "--messages", paramLabel = "N",
                description = "Message limit: a number, unlimited, or default.")
        String messages;

        Set(Io io) {
            super(io);
        }

        @Override public Integer call() throws Failure {
            if (storage == null && messages == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Give --storage, --messages or both");
            }
            Optional<Optional<Limit>> s = parse(storage, true);
            Optional<Optional<Limit>> m = parse(messages, false);
            withUser(false, (st, u) -> {
                QuotaOverride own = st.quota(u).own();
                own = new QuotaOverride(s.orElse(own.storage()), m.orElse(own.messages()));
                st.setQuota(u, own);
                print(st.quota(u));
            });
            return 0;
        }

        /** Absent: leave as is; "default": follow the configuration; else the limit. Bad values are usage errors. */
        private Optional<Optional<Limit>> parse(String v, boolean isStorage) {
            if (v == null) return Optional.empty();
            if (v.equalsIgnoreCase("default")) return Optional.of(Optional.empty());
            try {
                return Optional.of(Optional.of(isStorage ? QuotaValues.storage(v) : QuotaValues.messages(v)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        (isStorage ? "--storage: " : "--messages: ") + e.getMessage());
            }
        }
    }

    @Command(name = "show", description = "Show the user's usage and limits, and whether each limit is the user's own.")
    static final class Show extends Base {
        Show(Io io) {
            super(io);
        }

        @Override public Integer call() throws Failure {
            withUser(true, (st, u) -> print(st.quota(u)));
            return 0;
        }
    }

    @Command(name = "clear", description = "Drop the user's own limits: the configured defaults apply again.")
    static final class Clear extends Base {
        Clear(Io io) {
            super(io);
        }

        @Override public Integer call() throws Failure {
            withUser(false, (st, u) -> {
                st.setQuota(u, QuotaOverride.NONE);
                print(st.quota(u));
            });
            return 0;
        }
    }
}
