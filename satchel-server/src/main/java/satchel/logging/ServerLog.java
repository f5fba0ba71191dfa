package satchel.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.LoggerFactory;
import satchel.config.Logging;

/**
 * The server's log, Logback set up in code from {@code logging.*} in satchel.conf: no logback.xml to edit. The one
 * class (with its encoder and SPI default) that knows Logback; the rest of Satchel logs through SLF4J only, so an
 * embedding program keeps its own backend.
 *
 * <p>One appender on the root logger: standard error (journald adds nothing but its own timestamp) or
 * {@code logging.file}, opened for appending. {@link #reload} (SIGHUP, after logrotate renamed the file) opens the
 * file again under its name and hands the new stream to the appender, which swaps it under its write lock, so no
 * line is lost or split. {@code -Dlogback.configurationFile=FILE} hands the whole setup to that file instead.
 */
public final class ServerLog {
    static final String TEXT_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} [%level] %logger{0} - %msg%replace( %kvp){'^ $', ''}%n";
    private static final String APPENDER = "satchel";

    private static Logging current;
    private static OutputStreamAppender<ILoggingEvent> appender;

    private ServerLog() {}

    /** Opens the file and switches to the settings; on failure nothing has changed. */
    public static synchronized void start(Logging logging) throws LogFileException {
        if (external()) return;
        OutputStream file = logging.file() == null ? null : LogFile.open(logging.file());
        install(context(), logging, file);
    }

    /**
     * Applies the settings again (SIGHUP): the level, the format, and the file, reopened (or newly chosen). A file
     * that does not open leaves the log where it was. Returns what was done, for the line the caller logs.
     */
    public static synchronized String reload(Logging next) {
        if (external()) return "logging (kept: logback.configurationFile is set)";
        if (current == null) return "logging (not set up)";
        List<String> done = new ArrayList<>();
        OutputStream file;
        try {
            file = next.file() == null ? null : LogFile.open(next.file());
        } catch (LogFileException e) {
            context().getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(next.level()));
            return "log level (" + next.level() + "), log NOT reopened: " + e.getMessage();
        }
        done.add("log level (" + next.level() + ")");
        // An appender that hit a write error (disk full) stopped itself: a new one starts it again.
        if (appender.isStarted() && next.format() == current.format() && Objects.equals(next.file(), current.file())) {
            if (file != null) {
                appender.setOutputStream(file); // closes the old stream under the appender's lock
                done.add("log file reopened");
            }
            context().getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(next.level()));
            current = next;
            return String.join(", ", done);
        }
        if (!Objects.equals(next.file(), current.file())) {
            done.add(next.file() == null ? "log now to standard error" : "log now to " + next.file());
        }
        if (next.format() != current.format()) done.add("log format (" + next.format() + ")");
        if (!appender.isStarted()) done.add(next.file() == null ? "log restarted" : "log file reopened");
        install(context(), next, file);
        return String.join(", ", done);
    }

    /** True when {@code -Dlogback.configurationFile} names a configuration Logback reads itself. */
    static boolean external() {
        return System.getProperty("logback.configurationFile") != null;
    }

    /** The setup before {@link #start}: text at info on standard error. */
    static synchronized void defaults(LoggerContext context) {
        install(context, Logging.defaults(), null);
    }

    private static void install(LoggerContext context, Logging logging, OutputStream file) {
        OutputStreamAppender<ILoggingEvent> next;
        if (file == null) {
            var console = new ConsoleAppender<ILoggingEvent>();
            console.setTarget("System.err");
            next = console;
        } else {
            next = new OutputStreamAppender<>();
        }
        next.setContext(context);
        next.setName(APPENDER);
        next.setEncoder(encoder(context, logging.format()));
        if (file != null) next.setOutputStream(file);
        next.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(logging.level()));
        root.addAppender(next); // first the new one: a line logged meanwhile may go to both, never to neither
        var old = appender;
        if (old != null) {
            root.detachAppender(old);
            old.stop();
        } else {
            root.detachAndStopAllAppenders(); // whatever Logback set up before us
            root.addAppender(next);
        }
        appender = next;
        current = logging;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, Logging.Format format) {
        Encoder<ILoggingEvent> e = switch (format) {
            case TEXT -> {
                var p = new PatternLayoutEncoder();
                p.setPattern(TEXT_PATTERN);
                p.setCharset(StandardCharsets.UTF_8);
                yield p;
            }
            case JSON -> new JsonLineEncoder();
        };
        e.setContext(context);
        e.start();
        return e;
    }

    private static LoggerContext context() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext c) return c;
        throw new IllegalStateException("SLF4J is not bound to Logback: " + LoggerFactory.getILoggerFactory());
    }
}
