package satchel.admin;

import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import satchel.store.MailStore;
import satchel.store.MailboxInfo;
import satchel.store.MailboxNames;
import satchel.store.StoreException;
import satchel.store.User;
import satchel.store.UserMail;

/** {@code satchel mailbox list|create|delete|rename USER ...}: one user's mailboxes, as IMAP clients see them. */
final class MailboxCommands {
    private MailboxCommands() {}

    @Command(name = "mailbox", description = "Manage a user's mailboxes.", mixinStandardHelpOptions = true)
    static final class Group implements Runnable {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Missing command: list, create, delete or rename");
        }
    }

    static CommandLine commandLine(Io io) {
        return new CommandLine(new Group())
                .addSubcommand(new ListBoxes(io))
                .addSubcommand(new Create(io))
                .addSubcommand(new Delete(io))
                .addSubcommand(new Rename(io));
    }

    interface MailAction {
        void run(UserMail mail) throws StoreException, Failure;
    }

    /** Runs {@code action} on {@code user}'s mail; store refusals become one-line messages. */
    static void withMail(StoreOptions options, String user, String doing, MailAction action) throws Failure {
        withMail(options, false, user, doing, action);
    }

    /** {@code readOnly}: the action only reads ({@link UserCommands#withStore(StoreOptions, boolean, UserCommands.StoreAction)}). */
    static void withMail(StoreOptions options, boolean readOnly, String user, String doing, MailAction action)
            throws Failure {
        UserCommands.withStore(options, readOnly, store -> {
            UserMail mail = mailOf(store, user);
            try {
                action.run(mail);
            } catch (StoreException e) {
                throw new Failure("cannot " + doing + ": " + e.getMessage(), e);
            }
        });
    }

    static UserMail mailOf(MailStore store, String user) throws StoreException, Failure {
        User u = store.user(user).orElseThrow(() -> new Failure("no such user: " + user));
        return store.mail(u);
    }

    abstract static class Base implements Callable<Integer> {
        final Io io;

        @Mixin StoreOptions store = new StoreOptions();

        @Parameters(index = "0", paramLabel = "USER", description = "The user whose mailboxes to manage.")
        String user;

        Base(Io io) {
            this.io = io;
        }
    }

    @Command(name = "list", description = "List the user's mailboxes: name, then flags.", mixinStandardHelpOptions = true)
    static final class ListBoxes extends Base {
        ListBoxes(Io io) {
            super(io);
        }

        @Override public Integer call() throws Failure {
            withMail(store, true, user, "list mailboxes", mail -> {
                for (MailboxInfo m : mail.list()) {
                    StringBuilder line = new StringBuilder(m.name());
                    if (!m.selectable()) line.append("\t\\Noselect");
                    for (String use : m.specialUse()) line.append('\t').append(use);
                    if (m.subscribed()) line.append("\tsubscribed");
                    io.out().println(line);
                }
            });
            return 0;
        }
    }

    @Command(name = "create", description = "Create a mailbox (and missing parents), subscribed.",
            mixinStandardHelpOptions = true)
    static final class Create extends Base {
        @Parameters(index = "1", paramLabel = "NAME", description = "Full name, with / between levels.") String name;

        Create(Io io) {
            super(io);
        }

        @Override public Integer call() throws Failure {
            withMail(store, user, "create mailbox \"" + name + "\"", mail -> {
                String normal = MailboxNames.normalize(name);
                mail.create(normal, Set.of());
                mail.subscribe(normal, true);
            });
            io.out().println("Created mailbox " + name + " for " + user + ".");
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a mailbox and its messages (one with children becomes \\Noselect).",
            mixinStandardHelpOptions = true)
    static final class Delete extends Base {
        @Parameters(index = "1", paramLabel = "NAME") String name;

        Delete(Io io) {
            super(io);
        }

        @Override public Integer call() throws Failure {
            withMail(store, user, "delete mailbox \"" + name + "\"", mail -> {
                String normal = MailboxNames.normalize(name);
                mail.delete(normal);
                mail.subscribe(normal, false);
            });
            io.out().println("Deleted mailbox " + name + " of " + user + ".");
            return 0;
        }
    }

    @Command(name = "rename", description = "Rename a mailbox; its children move along.", mixinStandardHelpOptions = true)
    static final class Rename extends Base {
        @Parameters(index = "1", paramLabel = "FROM") String from;
        @Parameters(index = "2", paramLabel = "TO") String to;

        Rename(Io io) {
            super(io);
        }

        @Override public Integer call() throws Failure {
            withMail(store, user, "rename mailbox \"" + from + "\"", mail -> mail.rename(MailboxNames.normalize(from), MailboxNames.normalize(to)));
            io.out().println("Renamed mailbox " + from + " to " + to + " for " + user + ".");
            return 0;
        }
    }
}
