package satchel.admin;

import satchel.config.Logging;
import satchel.logging.LogFileException;
import satchel.logging.ServerLog;

/**
 * The commands' door to the log setup ({@link ServerLog}, the only code that knows the backend). Commands call
 * {@link #apply} before they start anything that logs; a {@code logging.file} that cannot be written stops them
 * there, with one line, before a store or a listener exists.
 */
final class Logs {
    private Logs() {}

    static void apply(Logging logging) throws Failure {
        try {
            ServerLog.start(logging);
        } catch (LogFileException e) {
            throw new Failure(e.getMessage());
        }
    }

    /** As {@link #apply}; {@link #reload} (SIGHUP, after logrotate moved the file) reopens the file. */
    static void applyReopenable(Logging logging) throws Failure {
        apply(logging);
    }

    /** Sets the level and format and reopens the file; returns what it did, for the one line SIGHUP logs. */
    static String reload(Logging logging) {
        return ServerLog.reload(logging);
    }
}
