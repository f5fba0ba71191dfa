package satchel.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Server log settings: the level (error, warn, info, debug or trace) and an optional file; without a file the
 * log goes to standard error (stdout carries IMAP for {@code imap-stdio}).
 */
public record Logging(String level, Path file) {
    public static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");

    public Logging {
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("logging.level must be one of " + String.join(", ", LEVELS)
                    + ", not \"" + level + "\"");
        }
    }

    public static Logging defaults() {
        return new Logging("info", null);
    }
}
