package satchel.admin;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import satchel.auth.UserNames;
import satchel.config.Cidr;

/**
 * {@code satchel who|kick|reload}: a running server, through its admin socket in the data directory
 * ({@link satchel.server.AdminChannel}). Each fails with one line when no server runs there.
 */
final class ControlCommands {
    private ControlCommands() {}

    @Command(name = "who", description = "List the connections of the running server: id, user, address, state, "
            + "mailbox, since, bytes in and out.")
    static final class Who implements Callable<Integer> {
        private final Io io;

        @Mixin StoreOptions store = new StoreOptions();

        Who(Io io) {
            this.io = io;
        }

        @Override public Integer call() throws Failure {
            List<String> lines = AdminClient.call(store.load(), "WHO");
            String format = "%-6s %-24s %-39s %-17s %-20s %-20s %10s %10s%n";
            io.out().printf(format, "ID", "USER", "ADDRESS", "STATE", "MAILBOX", "SINCE", "IN", "OUT");
            for (String line : lines.subList(0, lines.size() - 1)) {
                String[] f = line.split("\t", -1);
                if (f.length < 8) continue; // a newer server's extra lines: not ours to show
                io.out().printf(format, f[0], f[1], f[2], f[3], f[4], f[5].replaceFirst("\\.\\d+Z$", "Z"), f[6], f[7]);
            }
            return 0;
        }
    }

    @Command(name = "kick", description = {"End the sessions of a user, or of a client address or network, with "
            + "* BYE and a reason (after the command each one is running).",
            "TARGET is an IP address (192.0.2.7), a network (192.0.2.0/24) or else a user name."})
    static final class Kick implements Callable<Integer> {
        private final Io io;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Mixin StoreOptions store = new StoreOptions();

        @Parameters(index = "0", paramLabel = "USER|ADDRESS") String target;

        @Option(names = "--reason", paramLabel = "TEXT", description = "What the client is told in the BYE "
                + "(default: Disconnected by the administrator).")
        String reason;

        Kick(Io io) {
            this.io = io;
        }

        @Override public Integer call() throws Failure {
            String request = "KICK " + target() + (reason == null ? "" : "\t" + reason.replaceAll("\\p{Cntrl}", " "));
            List<String> lines = AdminClient.call(store.load(), request);
            io.out().println("Kicked " + target + ": " + lines.getLast() + ".");
            return 0;
        }

        /** An IP address or network if it parses as one (never looked up as a host name), else a user name. */
        private String target() {
            try {
                return "ADDR " + (target.contains("/") ? Cidr.parse(target).toString()
                        : InetAddress.ofLiteral(target).getHostAddress());
            } catch (IllegalArgumentException notAnAddress) {
                // a user name, then
            }
            String user = UserNames.normalize(target);
            UserNames.problem(user).ifPresent(why -> {
                throw new CommandLine.ParameterException(spec.commandLine(), "invalid user name \""
                        + target.replaceAll("\\p{Cntrl}", "?") + "\": " + why);
            });
            return "USER " + user;
        }
    }

    @Command(name = "reload", description = "Make the running server re-read its configuration, as SIGHUP does: "
            + "certificates, limits, log settings, trace rules.")
    static final class Reload implements Callable<Integer> {
        private final Io io;

        @Mixin StoreOptions store = new StoreOptions();

        Reload(Io io) {
            this.io = io;
        }

        @Override public Integer call() throws Failure {
            List<String> lines = AdminClient.call(store.load(), "RELOAD");
            for (String line : lines.subList(0, lines.size() - 1)) io.out().println(line);
            io.out().println("Reloaded.");
            return 0;
        }
    }

    /** Tells a running server, if there is one, to end {@code user}'s sessions; says what happened. */
    static void endSessions(Io io, satchel.config.ServerConfig config, String user, String reason) {
        try {
            if (DataDir.holder(config).isEmpty()) return;
            List<String> lines = AdminClient.call(config, "KICK USER " + user + "\t" + reason);
            io.out().println("Running server: " + lines.getLast() + ".");
        } catch (Failure e) {
            io.err().println("satchel: warning: " + e.getMessage() + "; sessions of " + user
                    + " already open stay until they end");
        }
    }
}
