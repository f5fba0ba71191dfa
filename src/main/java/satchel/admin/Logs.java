package satchel.admin;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import satchel.config.Logging;

/**
 * Applies the configured log level and file to slf4j-simple, which reads these system properties once, when the
 * first logger is made; so commands call this before they start anything that logs. A property already set on
 * the command line ({@code -Dorg.slf4j.simpleLogger...}) wins.
 *
 * <p>slf4j-simple opens {@code logFile} once and offers no way to reopen it, so for {@code serve} the file is
 * opened here instead, as {@code System.err}, and slf4j-simple is told to write to {@code System.err}, which it
 * looks up at every message: {@link #reload} (SIGHUP, after logrotate moved the file) can then swap the stream.
 * The level is held in each slf4j-simple logger's {@code currentLogLevel} field with no setter; {@link #reload}
 * sets it by reflection, and says so when that fails (e.g. another slf4j binding).
 */
final class Logs {
    private static final String PREFIX = "org.slf4j.simpleLogger.";
    private static final Map<String, Integer> LEVELS =
            Map.of("trace", 0, "debug", 10, "info", 20, "warn", 30, "error", 40); // slf4j LocationAwareLogger

    private static Path openFile;
    private static PrintStream openStream;
    private static boolean levelFixed; // set with -D: reload leaves it alone

    private Logs() {}

    static void apply(Logging logging) {
        levelFixed = System.getProperty(PREFIX + "defaultLogLevel") != null;
        setIfAbsent(PREFIX + "defaultLogLevel", logging.level());
        if (logging.file() != null) {
            createParent(logging.file());
            setIfAbsent(PREFIX + "logFile", logging.file().toString());
        }
    }

    /** As {@link #apply}, with the log file reopenable by {@link #reload}. */
    static void applyReopenable(Logging logging) {
        if (logging.file() != null && System.getProperty(PREFIX + "logFile") == null) {
            createParent(logging.file());
            try {
                swap(logging.file());
                System.setProperty(PREFIX + "logFile", "System.err");
            } catch (IOException e) {
                System.err.println("satchel: cannot open the log file: " + e.getMessage()); // then stderr
            }
        }
        apply(logging);
    }

    /** Reopens the log file and sets the level; returns what it did, for the one line SIGHUP logs. */
    static String reload(Logging logging) {
        StringBuilder done = new StringBuilder();
        if (levelFixed) {
            done.append("log level (kept: set on the command line)");
        } else {
            String error = level(logging.level());
            done.append(error == null ? "log level (" + logging.level() + ")" : "log level NOT changed: " + error);
        }
        if (openFile != null) {
            if (!openFile.equals(logging.file())) {
                done.append(", log file reopened (logging.file changed: needs a restart)");
            }
            try {
                swap(openFile);
                if (openFile.equals(logging.file())) done.append(", log file reopened");
            } catch (IOException e) {
                done.append(", log file NOT reopened: ").append(e.getMessage());
            }
        } else if (logging.file() != null) {
            done.append(", logging.file set: needs a restart");
        }
        return done.toString();
    }

    private static synchronized void swap(Path file) throws IOException {
        OutputStream out = new FileOutputStream(file.toFile(), true);
        PrintStream old = openStream;
        openStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        openFile = file;
        System.setErr(openStream);
        if (old != null) old.close(); // a message in flight on the old stream has been written: println is synchronized
    }

    /** Sets slf4j-simple's level on every logger made so far and for those made later; null or the failure. */
    private static String level(String name) {
        try {
            int level = LEVELS.get(name);
            Class<?> logger = Class.forName("org.slf4j.simple.SimpleLogger");
            var configField = logger.getDeclaredField("CONFIG_PARAMS");
            configField.setAccessible(true);
            Object config = configField.get(null);
            var defaultLevel = config.getClass().getDeclaredField("defaultLogLevel");
            defaultLevel.setAccessible(true);
            defaultLevel.setInt(config, level);
            var current = logger.getDeclaredField("currentLogLevel");
            current.setAccessible(true);
            Object factory = org.slf4j.LoggerFactory.getILoggerFactory();
            var map = factory.getClass().getDeclaredField("loggerMap");
            map.setAccessible(true);
            for (Object l : ((Map<?, ?>) map.get(factory)).values()) {
                if (logger.isInstance(l)) current.setInt(l, level);
            }
            System.setProperty(PREFIX + "defaultLogLevel", name);
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "slf4j-simple internals not as expected (" + e + "): restart to change the level";
        }
    }

    private static void createParent(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            System.err.println("satchel: cannot create the log directory: " + e.getMessage()); // then stderr
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
