package satchel.admin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import satchel.config.ServerConfig;
import satchel.server.TraceControl;
import satchel.server.TraceControl.Rule;

/**
 * {@code satchel trace on|off|list}: protocol traces of a running server, by user (from login) or by client
 * address (from the greeting). Edits the control file in the trace directory; the server notices the change
 * for connections and logins that follow.
 */
final class TraceCommands {
    private TraceCommands() {}

    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = "Switch protocol traces on and off at run time (files in DATA/traces, passwords masked).")
    static final class Group implements Runnable {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: on, off or list");
        }
    }

    static CommandLine commandLine(Io io) {
        return new CommandLine(new Group()).addSubcommand(new On(io)).addSubcommand(new Off(io))
                .addSubcommand(new ListRules(io));
    }

    /** Exactly one of --user and --addr. */
    static final class Target {
        @Option(names = "--user", paramLabel = "NAME", required = true,
                description = "The user, by login name.")
        String user;

        @Option(names = "--addr", paramLabel = "ADDRESS", required = true,
                description = "The client address or network: an IP address (192.0.2.7, 2001:db8::1) or CIDR "
                        + "(192.0.2.0/24). Never a host name.")
        String addr;

        /** A bad value is a usage error naming the option (exit 2), checked before the control file is touched. */
        Rule rule(CommandLine cmd) {
            String option = user != null ? "--user" : "--addr";
            try {
                return user != null ? new Rule(Rule.Kind.USER, user) : new Rule(Rule.Kind.ADDR, address(addr));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cmd, "Invalid value for option '" + option + "': "
                        + e.getMessage());
            }
        }

        /**
         * The canonical spelling the server compares with (it sees {@code getHostAddress()}, so ::1 is
         * 0:0:0:0:0:0:0:1). {@code ofLiteral} and {@code Cidr.parse} never resolve a name.
         */
        static String address(String text) {
            if (text.contains("/")) return satchel.config.Cidr.parse(text).toString();
            try {
                return java.net.InetAddress.ofLiteral(text).getHostAddress();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected an IP address or network like 192.0.2.7 or "
                        + "192.0.2.0/24, got \"" + text + "\"");
            }
        }
    }

    abstract static class Base implements Callable<Integer> {
        final Io io;

        @Mixin StoreOptions store = new StoreOptions();

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        Base(Io io) {
            this.io = io;
        }

        java.nio.file.Path dir() throws Failure {
            ServerConfig c = store.load();
            DataDir.requireStore(c);
            return c.traces();
        }

        List<Rule> rules() throws Failure {
            try {
                return new ArrayList<>(TraceControl.read(dir()));
            } catch (IOException | IllegalArgumentException e) {
                throw new Failure("trace.dir: cannot read the trace control file in " + dir() + ": "
                        + (e instanceof IOException io ? satchel.config.PathErrors.reason(io) : e.getMessage()), e);
            }
        }

        void save(List<Rule> rules) throws Failure {
            try {
                TraceControl.write(dir(), rules);
            } catch (IOException e) {
                throw new Failure("trace.dir: cannot write the trace control file in " + dir() + ": "
                        + satchel.config.PathErrors.reason(e), e);
            }
        }
    }

    @Command(name = "on", mixinStandardHelpOptions = true,
            description = {"Start tracing a user's sessions (from login) or the connections from an address or "
                    + "network (from the greeting). A running server notices within a connection or login; traces "
                    + "go to DATA/traces, readable by the owner only, with passwords masked."})
    static final class On extends Base {
        @ArgGroup(exclusive = true, multiplicity = "1") Target target;

        On(Io io) {
            super(io);
        }

        @Override public Integer call() throws Failure {
            Rule r = target.rule(spec.commandLine());
            List<Rule> rules = rules();
            if (!rules.contains(r)) rules.add(r);
            save(rules);
            io.out().println("Tracing " + r + " into " + dir() + ".");
            return 0;
        }
    }

    @Command(name = "off", mixinStandardHelpOptions = true,
            description = {"Stop tracing a user or an address (given as to trace on), or with --all every trace. "
                    + "New sessions are no longer traced; traces already running end with their session, and "
                    + "trace files are kept."})
    static final class Off extends Base {
        @ArgGroup(exclusive = true, multiplicity = "1") OffTarget target;

        static final class OffTarget {
            @ArgGroup(exclusive = true, multiplicity = "1") Target one;

            @Option(names = "--all", required = true, description = "Stop every trace.") boolean all;
        }

        Off(Io io) {
            super(io);
        }

        @Override public Integer call() throws Failure {
            List<Rule> rules = rules();
            if (target.all) {
                rules.clear();
            } else {
                Rule r = target.one.rule(spec.commandLine());
                if (!rules.remove(r)) throw new Failure("not tracing " + r);
            }
            save(rules);
            io.out().println(target.all ? "Stopped all traces."
                    : "Stopped tracing " + target.one.rule(spec.commandLine()) + ".");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show what is traced, one rule per line.")
    static final class ListRules extends Base {
        ListRules(Io io) {
            super(io);
        }

        @Override public Integer call() throws Failure {
            for (Rule r : rules()) io.out().println(r);
            return 0;
        }
    }
}
