package satchel.admin;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import satchel.config.ConfigException;
import satchel.config.ConfigFile;
import satchel.config.ConfigPrinter;
import satchel.config.ServerConfig;

/**
 * {@code satchel config check [--print] [--config FILE]}: validates a configuration file as start-up does (same
 * one-line {@code file:line: reason}, exit 1), and with {@code --print} writes the effective configuration,
 * defaults included, as a file {@code --config} accepts. Nothing is opened: no store, no listener, no certificate.
 */
final class ConfigCommands {
    private ConfigCommands() {}

    @Command(name = "config", mixinStandardHelpOptions = true, description = "Check a configuration file.")
    static final class Group implements Runnable {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: check");
        }
    }

    static CommandLine commandLine(Io io) {
        return new CommandLine(new Group()).addSubcommand(new Check(io));
    }

    @Command(name = "check", description = "Validate a configuration file; --print shows every effective setting.")
    static final class Check implements Callable<Integer> {
        private final Io io;

        @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: none, the built-in defaults).")
        Path config;

        @Option(names = "--print", description = "Print the effective configuration, defaults included, as key = value lines.")
        boolean print;

        Check(Io io) {
            this.io = io;
        }

        @Override public Integer call() throws Failure {
            ServerConfig c;
            try {
                c = config != null ? ConfigFile.load(config, StoreOptions.DEFAULT_DATA)
                        : ServerConfig.standalone(StoreOptions.DEFAULT_DATA);
            } catch (ConfigException e) {
                throw new Failure(e.getMessage());
            }
            if (print) {
                // The OK line as a comment, so the output loads as it is.
                io.out().println("# configuration OK: " + (config != null ? config : "built-in defaults"));
                ConfigPrinter.lines(c).forEach(io.out()::println);
            } else {
                io.out().println("configuration OK: " + (config != null ? config : "built-in defaults (no --config)"));
            }
            io.out().flush();
            return 0;
        }
    }
}
