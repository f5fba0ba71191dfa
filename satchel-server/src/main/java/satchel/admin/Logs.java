package satchel.admin;

import satchel.config.Logging;
import satchel.logging.LogFileException;
import satchel.logging.ServerLog;

/**
 * The commands' door to the log setup ({@link ServerLog}, the only code that knows the backend). Commands call
 * it before they start anything that logs.
 */
final class Logs {
    private Logs() {}

    /**
     * For {@code serve}: a {@code logging.file} that cannot be written stops it here, with one line, before a store
     * or a listener exists; {@link #reload} (SIGHUP, after logrotate moved the file) reopens the file.
     */
    static void applyReopenable(Logging logging) throws Failure {
        try {
            ServerLog.start(logging);
        } catch (LogFileException e) {
            throw new Failure(e.getMessage());
        }
    }

    /**
     * For a single session ({@code imap-stdio}), often run as a user who may not write the server's log: the log
     * then goes to standard error, with a line that says why, rather than the session failing.
     */
    static void apply(Logging logging) {
        try {
            ServerLog.start(logging);
        } catch (LogFileException e) {
            org.slf4j.LoggerFactory.getLogger(Logs.class).warn("{}; logging to standard error instead", e.getMessage());
        }
    }

    /** Sets the level and format and reopens the file; returns what it did, for the one line SIGHUP logs. */
    static String reload(Logging logging) {
        return ServerLog.reload(logging);
    }
}
