package satchel.admin;

import satchel.config.Logging;

/**
 * Applies the configured log level and file to slf4j-simple, which reads these system properties once, when the
 * first logger is made; so commands call this before they start anything that logs. A property already set on
 * the command line ({@code -Dorg.slf4j.simpleLogger...}) wins.
 */
final class Logs {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private Logs() {}

    static void apply(Logging logging) {
        setIfAbsent(PREFIX + "defaultLogLevel", logging.level());
        if (logging.file() != null) {
            try {
                java.nio.file.Path parent = logging.file().toAbsolutePath().getParent();
                if (parent != null) java.nio.file.Files.createDirectories(parent);
            } catch (java.io.IOException e) {
                System.err.println("satchel: cannot create the log directory: " + e.getMessage()); // then stderr
            }
            setIfAbsent(PREFIX + "logFile", logging.file().toString());
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
