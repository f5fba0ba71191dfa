package satchel.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * One-line messages for I/O errors on configured paths, naming the setting, the path and the reason:
 * {@code tls.certificate: cannot read /etc/satchel/cert.pem: no such file or directory}. The JDK's own messages
 * are often only the path, or only the reason ("Is a directory"), which tells the operator neither what to fix
 * nor where. Stateless.
 */
public final class PathErrors {
    private PathErrors() {}

    /** {@code setting}: the key and option, e.g. "data-dir (--data)"; {@code doing}: "read", "create", … */
    public static IOException of(String setting, String doing, Path path, IOException e) {
        return new IOException(setting + ": cannot " + doing + " " + path + ": " + reason(e), e);
    }

    /** The reason alone, in lower case, without the path the JDK often repeats. */
    public static String reason(IOException e) {
        String why = switch (e) {
            case NoSuchFileException _ -> "no such file or directory";
            case AccessDeniedException _ -> "permission denied";
            case FileAlreadyExistsException _ -> "a file is in the way";
            case NotDirectoryException _ -> "not a directory";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            case FileSystemException f -> f.getClass().getSimpleName();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
        return why.isEmpty() ? why : Character.toLowerCase(why.charAt(0)) + why.substring(1);
    }
}
