package satchel.admin;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import satchel.server.StdioTransport;

/**
 * The {@code satchel} command line: {@code serve}, {@code user add|passwd|del|list}, {@code imap-stdio},
 * {@code mailbox list|create|delete|rename}, {@code usage}, {@code check}, {@code trace on|off|list},
 * {@code config check}, {@code version}, {@code init}, {@code who}, {@code kick}, {@code reload}, {@code deliver},
 * {@code import}, {@code export}, {@code backup}, {@code restore}; {@code --help} on each. Exit codes: 0 success, 1 failure (one line on stderr, no stack
 * trace), 2 usage error, 3 {@code check} found problems it did not repair.
 */
@Command(name = "satchel", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Satchel IMAP server.")
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        carriers();
        pollers();
        Console console = System.console();
        if (console != null && !console.isTerminal()) console = null;
        Io io = new Io(System.in, System.out, System.err, console, () -> {
            var transport = StdioTransport.system();
            System.setOut(System.err); // stdout now carries IMAP only; stray prints go to stderr
            return transport;
        });
        System.exit(run(io, args));
    }

    /**
     * More carrier threads than cores for the virtual threads: SQLite runs through JNI, which pins its carrier for the
     * whole call, so with one carrier per core two long queries would stall every other session (issue 10). Must run
     * before the first virtual thread exists; an explicit -D setting wins.
     */
    private static void carriers() {
        String key = "jdk.virtualThreadScheduler.parallelism";
        if (System.getProperty(key) == null) {
            System.setProperty(key, Integer.toString(Math.max(8, 2 * Runtime.getRuntime().availableProcessors())));
        }
    }

    /**
     * Socket readiness polled by platform threads (the JDK's poller mode 1) rather than by virtual threads under a
     * master poller (its default on Linux): a client that waits for each answer then costs one poller wake-up and one
     * carrier per command instead of a master poller, a carrier for the sub-poller and another for the session. With
     * the read clock (no timer per read), context switches per single BODY.PEEK[] went from 5.5 to 2.2 and IDLE
     * notification to 1,000 idlers was no slower (docs/benchmarks.md, issue 11). Must run before the first virtual
     * thread blocks on a socket; an explicit -D setting wins.
     */
    private static void pollers() {
        if (System.getProperty("jdk.pollerMode") == null) System.setProperty("jdk.pollerMode", "1");
    }

    /** Runs one command line; returns the exit code. */
    static int run(Io io, String... args) {
        CommandLine cmd = commandLine(io);
        return cmd.execute(args);
    }

    static CommandLine commandLine(Io io) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.addSubcommand(new ServeCommand(io));
        cmd.addSubcommand(UserCommands.commandLine(io));
        cmd.addSubcommand(new ImapStdioCommand(io));
        cmd.addSubcommand(MailboxCommands.commandLine(io));
        cmd.addSubcommand(new UsageCommand(io));
        cmd.addSubcommand(QuotaCommand.commandLine(io));
        cmd.addSubcommand(new CheckCommand(io));
        cmd.addSubcommand(TraceCommands.commandLine(io));
        cmd.addSubcommand(ConfigCommands.commandLine(io));
        cmd.addSubcommand(new DeliverCommand(io));
        cmd.addSubcommand(new ImportCommand(io));
        cmd.addSubcommand(new ExportCommand(io));
        cmd.addSubcommand(new BackupCommand(io));
        cmd.addSubcommand(new RestoreCommand(io));
        cmd.addSubcommand("version", new CommandLine(new VersionCommand(io)));
        cmd.addSubcommand(new InitCommand(io));
        cmd.addSubcommand(StoreCommands.commandLine(io));
        cmd.addSubcommand(new ControlCommands.Who(io));
        cmd.addSubcommand(new ControlCommands.Kick(io));
        cmd.addSubcommand(new ControlCommands.Reload(io));
        withHelp(cmd);
        cmd.setOut(new PrintWriter(io.out(), true));
        cmd.setErr(new PrintWriter(io.err(), true));
        cmd.setExecutionExceptionHandler((e, failed, parsed) -> {
            String message = e instanceof Failure ? e.getMessage() : e.toString();
            failed.getErr().println("satchel: " + message);
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cmd;
    }

    /** --help (and -h) on every subcommand, however deep. */
    private static void withHelp(CommandLine cmd) {
        for (CommandLine sub : cmd.getSubcommands().values()) {
            if (!sub.getCommandSpec().mixinStandardHelpOptions()) sub.getCommandSpec().mixinStandardHelpOptions(true);
            withHelp(sub);
        }
    }

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/META-INF/maven/dev.satchel/satchel-server/pom.properties")) {
            if (in != null) {
                var p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (java.io.IOException e) {
            // fall through to the development label
        }
        return "development build";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            return new String[] {"satchel " + version() + " (Java " + Runtime.version() + ")"};
        }
    }

    @Command(name = "version", description = "Print the version.")
    record VersionCommand(Io io) implements Runnable {
        @Override public void run() {
            PrintStream out = io.out();
            out.println(new Version().getVersion()[0]);
        }
    }
}
