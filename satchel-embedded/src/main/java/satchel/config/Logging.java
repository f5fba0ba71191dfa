package satchel.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Server log settings: the level (error, warn, info, debug or trace), an optional file (without one the log goes
 * to standard error; stdout carries IMAP for {@code imap-stdio}) and the line format.
 */
public record Logging(String level, Path file, Format format) {
    public static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");

    /** {@code text}: one readable line per event; {@code json}: one JSON object per line, for log shippers. */
    public enum Format {
        TEXT, JSON;

        /** {@code text} or {@code json}, in any case. */
        public static Format parse(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name)) return f;
            }
            throw new IllegalArgumentException("logging.format must be text or json, not \"" + name + "\"");
        }

        @Override public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Logging {
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("logging.level must be one of " + String.join(", ", LEVELS)
                    + ", not \"" + level + "\"");
        }
        if (format == null) throw new IllegalArgumentException("logging.format must be text or json");
    }

    /** Text lines. */
    public Logging(String level, Path file) {
        this(level, file, Format.TEXT);
    }

    public Logging withFormat(Format f) {
        return new Logging(level, file, f);
    }

    public static Logging defaults() {
        return new Logging("info", null);
    }
}
