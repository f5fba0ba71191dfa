package satchel.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import satchel.auth.Passwords;
import satchel.auth.Scram;
import satchel.auth.UserNames;
import satchel.config.ServerConfig;
import satchel.server.Stores;
import satchel.store.MailStore;
import satchel.store.StoreException;
import satchel.store.User;

/** {@code satchel user add|passwd|del|list|import}: accounts in the data directory's store. */
final class UserCommands {
    private UserCommands() {}

    @Command(name = "user", description = "Manage user accounts.")
    static final class Group implements Runnable {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: add, passwd, del, list or import");
        }
    }

    static CommandLine commandLine(Io io) {
        return new CommandLine(new Group())
                .addSubcommand(new Add(io))
                .addSubcommand(new Passwd(io))
                .addSubcommand(new Del(io))
                .addSubcommand(new ListUsers(io))
                .addSubcommand(new UserImport(io));
    }

    /** Runs {@code action} on the store the options name, turning store errors into messages. */
    interface StoreAction {
        void run(MailStore store) throws StoreException, Failure;
    }

    static void withStore(StoreOptions options, StoreAction action) throws Failure {
        withStore(options, false, action);
    }

    /** {@code readOnly}: the action only reads, so a user who may not write the store can run it. */
    static void withStore(StoreOptions options, boolean readOnly, StoreAction action) throws Failure {
        ServerConfig config = options.load();
        if (config.store() instanceof satchel.config.StoreChoice.Memory) throw new Failure("the memory store keeps no accounts; use store = sqlite");
        DataDir.requireStore(config);
        try (MailStore store = readOnly ? Stores.openReadOnly(config) : Stores.open(config)) {
            action.run(store);
        } catch (IOException e) {
            throw new Failure(e.getMessage(), e);
        } catch (StoreException e) {
            throw new Failure(e.getMessage(), e);
        }
    }

    /** The name as stored (NFC); one it could never be is a usage error (exit 2), with the reason. */
    static String checkedName(CommandLine cmd, String name) {
        String normal = UserNames.normalize(name);
        UserNames.problem(normal).ifPresent(why -> {
            throw new CommandLine.ParameterException(cmd, "invalid user name \""
                    + name.replaceAll("\\p{Cntrl}", "?") + "\": " + why);
        });
        return normal;
    }

    /** From the terminal without echo, typed twice; otherwise the first line of standard input. */
    static String newPassword(Io io, String name) throws Failure {
        String password;
        if (io.console() != null) {
            char[] first = io.console().readPassword("New password for %s: ", name);
            char[] second = io.console().readPassword("Repeat the password: ");
            if (first == null || second == null) throw new Failure("no password given");
            if (!Arrays.equals(first, second)) throw new Failure("the passwords do not match");
            password = new String(first);
        } else {
            try {
                password = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new Failure("cannot read the password: " + e.getMessage(), e);
            }
            if (password == null) throw new Failure("no password on standard input");
        }
        if (password.isEmpty()) throw new Failure("the password must not be empty");
        return password;
    }

    /** The parts every user command has. */
    abstract static class Base implements Callable<Integer> {
        final Io io;

        @Mixin StoreOptions store = new StoreOptions();

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        Base(Io io) {
            this.io = io;
        }
    }

    @Command(name = "add", description = "Add a user; the password is read from the terminal or standard input.")
    static final class Add extends Base {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        Add(Io io) {
            super(io);
        }

        @Override public Integer call() throws Failure {
            String user = checkedName(spec.commandLine(), name);
            DataDir.requireStore(store.load()); // before asking for a password that could not be stored
            String password = newPassword(io, user);
            withStore(store, s -> s.createUser(user, Passwords.hash(password), Scram.storedKeys(password)));
            io.out().println("Added user " + user + ".");
            return 0;
        }
    }

    @Command(name = "passwd", description = "Set a user's password (read as for add).")
    static final class Passwd extends Base {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        Passwd(Io io) {
            super(io);
        }

        @Override public Integer call() throws Failure {
            String name = UserNames.normalize(this.name);
            withStore(store, s -> {
                if (s.user(name).isEmpty()) throw new Failure("no such user: " + name);
                String password = newPassword(io, name);
                s.updatePassword(name, Passwords.hash(password), Scram.storedKeys(password));
            });
            io.out().println("Changed the password of " + name + ".");
            return 0;
        }
    }

    @Command(name = "del", description = "Delete a user and all their mail.")
    static final class Del extends Base {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        Del(Io io) {
            super(io);
        }

        @Override public Integer call() throws Failure {
            String name = UserNames.normalize(this.name);
            withStore(store, s -> {
                if (s.user(name).isEmpty()) throw new Failure("no such user: " + name);
                s.deleteUser(name);
            });
            io.out().println("Deleted user " + name + ".");
            ControlCommands.endSessions(io, store.load(), name, "Account deleted");
            return 0;
        }
    }

    @Command(name = "list", description = "List the users, one per line.")
    static final class ListUsers extends Base {
        ListUsers(Io io) {
            super(io);
        }

        @Override public Integer call() throws Failure {
            withStore(store, true, s -> {
                for (User u : s.users()) io.out().println(u.name());
            });
            return 0;
        }
    }
}
