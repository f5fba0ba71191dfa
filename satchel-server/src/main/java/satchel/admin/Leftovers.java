package satchel.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import satchel.server.DataDirLock;

/**
 * What a {@code serve} run creates in the data directory (the database, the self-signed certificate, the spool),
 * so a start that fails, say on a port in use, removes it again and leaves the directory as it found it. Taken
 * while holding the {@link DataDirLock}, so nothing else creates files there meanwhile; the lock file itself
 * stays unless the whole directory goes (see {@link DataDirLock#close}).
 */
record Leftovers(Path dataDir, Path createdRoot, Set<Path> before) {
    /** The state before the run: the topmost directory it will create, or what the data directory holds. */
    static Leftovers before(Path dataDir) throws IOException {
        Path abs = dataDir.toAbsolutePath().normalize();
        Path root = null;
        for (Path p = abs; p != null && !Files.exists(p); p = p.getParent()) root = p;
        if (root != null) return new Leftovers(abs, root, Set.of());
        try (Stream<Path> s = Files.list(abs)) {
            return new Leftovers(abs, null, s.collect(Collectors.toUnmodifiableSet()));
        }
    }

    /** Deletes what appeared since {@link #before}; returns what could not be deleted (best effort). */
    java.util.List<String> remove() {
        var failed = new java.util.ArrayList<String>();
        if (createdRoot != null) {
            deleteTree(createdRoot, failed);
            return failed;
        }
        try (Stream<Path> s = Files.list(dataDir)) {
            for (Path p : s.toList()) {
                if (!before.contains(p) && !p.getFileName().toString().equals(DataDirLock.FILE)) deleteTree(p, failed);
            }
        } catch (IOException e) {
            failed.add(dataDir + ": " + satchel.config.PathErrors.reason(e));
        }
        return failed;
    }

    private static void deleteTree(Path root, java.util.List<String> failed) {
        try (Stream<Path> s = Files.walk(root)) { // does not follow links
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            failed.add(root + ": " + satchel.config.PathErrors.reason(e));
        }
    }
}
