package satchel.logging;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens {@code logging.file} for appending, or says in one line why it cannot: a missing directory is not
 * created (a typo in the path should not grow a directory tree; Dovecot's {@code log_path} does not either).
 * A {@link FileOutputStream}, not an NIO channel stream: an interrupted thread closes a channel, and one
 * interrupted session must not close the server's log.
 */
final class LogFile {
    private LogFile() {}

    static OutputStream open(Path file) throws LogFileException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw bad(file, Files.exists(dir) ? dir + " is not a directory" : "no such directory " + dir);
        }
        if (Files.isDirectory(absolute)) throw bad(file, "is a directory");
        try {
            return new FileOutputStream(absolute.toFile(), true);
        } catch (FileNotFoundException e) {
            throw bad(file, reason(e));
        } catch (SecurityException e) {
            throw bad(file, e.getMessage());
        }
    }

    /** FileOutputStream says {@code "/path (Permission denied)"}: the part in parentheses, as the others read. */
    private static String reason(FileNotFoundException e) {
        String m = String.valueOf(e.getMessage());
        int open = m.lastIndexOf(" (");
        String r = open >= 0 && m.endsWith(")") ? m.substring(open + 2, m.length() - 1) : m;
        return r.isEmpty() ? m : r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
    }

    private static LogFileException bad(Path file, String reason) {
        return new LogFileException("logging.file " + file + ": " + reason);
    }
}
