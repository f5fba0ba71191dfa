package satchel.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files only the server's own user may read: the data directory holds all mail and the password hashes, traces
 * hold whole sessions, tls/ holds the private key. Modes are set explicitly (0700 directories, 0600 files), so
 * the umask of whoever started the server does not decide them; on a file system without POSIX permissions
 * nothing is changed. Stateless.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** Creates {@code dir} (and missing parents, left as the umask says) and makes it 0700. */
    public static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        restrict(dir, DIRECTORY);
        return dir;
    }

    /** Creates an empty 0600 file, or makes an existing one 0600. */
    public static Path file(Path file) throws IOException {
        try {
            if (posix(file)) Files.createFile(file, attribute(FILE));
            else Files.createFile(file);
        } catch (FileAlreadyExistsException exists) {
            // tightened below
        }
        restrict(file, FILE);
        return file;
    }

    /** Makes an existing file or directory private (0600 or 0700); absent ones and symbolic links are left. */
    public static void tighten(Path path) throws IOException {
        if (Files.isSymbolicLink(path) || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
        restrict(path, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE);
    }

    /** {@link #tighten} on {@code dir}, and on what is in it down to {@code depth} levels (for start-up). */
    public static void tightenTree(Path dir, int depth) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return;
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir, depth)) { // does not follow links
            all = s.toList();
        }
        for (Path p : all) tighten(p);
    }

    private static void restrict(Path path, Set<PosixFilePermission> perms) throws IOException {
        if (posix(path)) Files.setPosixFilePermissions(path, perms);
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> perms) {
        return PosixFilePermissions.asFileAttribute(perms);
    }
}
