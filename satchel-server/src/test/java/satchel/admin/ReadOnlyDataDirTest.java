package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.MailStore;
import satchel.store.sqlite.SqliteMailStore;

/**
 * Read commands run by a user who may read the data directory but not write it (0755 directory, 0644 files owned by
 * root), as an unprivileged child process: root ignores file modes, so only another user shows what they do. Skipped
 * where this test does not run as root or cannot switch users with {@code setpriv}.
 */
class ReadOnlyDataDirTest {
    private static final String NOBODY = "65534";

    @TempDir Path tmp;
    private Path data;
    private String classpath;

    record Result(int exit, String out, String err) {}

    @BeforeEach void readableCopy() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: needs root to run a command as another user (file modes do not bind root)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "skipped: no setpriv to run a command as an unprivileged user");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        // The build's classes and jars may sit where the unprivileged user cannot read (root's home): copy them.
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) continue;
            Path to = lib.resolve(n++ + "-" + from.getFileName());
            copyTree(from, to);
            entries.add(to.toString());
        }
        classpath = String.join(File.pathSeparator, entries);

        data = tmp.resolve("data");
        try (MailStore s = SqliteMailStore.open(data)) {
            s.createUser("alice", "$hash$", null);
        }
        Files.delete(data.resolve("satchel.db.reserve")); // only the database: see that nothing else appears
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> files = Files.list(data)) {
            for (Path f : files.toList()) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @Test void readCommandsWorkAndWritesAreRefusedWithoutTouchingTheStore() throws Exception {
        List<String> before = listing();
        assertThat(before).doesNotContain("satchel.db-wal", "satchel.db-shm"); // so the store is read as immutable

        Result users = asNobody("user", "list");
        assertThat(users.exit()).as(users.err()).isZero();
        assertThat(users.out()).isEqualTo("alice\n");

        Result boxes = asNobody("mailbox", "list", "alice");
        assertThat(boxes.exit()).as(boxes.err()).isZero();
        assertThat(boxes.out()).contains("INBOX", "Trash\t\\Trash");

        Result check = asNobody("check", "--quiet");
        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(check.out()).contains("Checked 1 users, 6 mailboxes, 0 messages: 0 problems");

        Result create = asNobody("mailbox", "create", "alice", "Work");
        assertThat(create.exit()).isEqualTo(1);
        assertThat(create.err()).startsWith("satchel: data-dir (--data): ");

        assertThat(listing()).isEqualTo(before);
        try (MailStore s = SqliteMailStore.openReadOnly(data, satchel.store.MailboxLimits.DEFAULT)) {
            assertThat(s.mail(s.user("alice").orElseThrow()).find("Work")).isEmpty();
        }
    }

    /** A log with no {@code -shm} beside it, in a directory where SQLite cannot make one: said, not misread. */
    @Test void aLogThatCannotBeReadIsNamed() throws Exception {
        Files.writeString(data.resolve("satchel.db-wal"), "");
        Files.setPosixFilePermissions(data.resolve("satchel.db-wal"), PosixFilePermissions.fromString("rw-r--r--"));
        Result r = asNobody("user", "list");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("write-ahead log satchel.db-wal needs satchel.db-shm", "run as the user that owns it");
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private Result asNobody(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", java, "--enable-native-access=ALL-UNNAMED", "-cp", classpath, "satchel.admin.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("--data", data.toString()));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            all.forEach(p -> {
                try {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(target);
                    else Files.copy(p, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
                            Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
