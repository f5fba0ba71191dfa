package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.server.DataDirLock;

/** Only serve and init create a store; the lock keeps a server and a repair apart; I/O errors say what and where. */
class DataDirTest {
    @TempDir Path dir;

    private final Cli cli = new Cli();

    /** Every command that needs a store, as it would be typed against a mistyped --data. */
    private static List<List<String>> storeCommands(String data) {
        return List.of(
                List.of("user", "list", "--data", data),
                List.of("user", "add", "alice", "--data", data),
                List.of("user", "passwd", "alice", "--data", data),
                List.of("user", "del", "alice", "--data", data),
                List.of("user", "import", "-", "--data", data),
                List.of("mailbox", "list", "alice", "--data", data),
                List.of("mailbox", "create", "alice", "Box", "--data", data),
                List.of("mailbox", "delete", "alice", "Box", "--data", data),
                List.of("mailbox", "rename", "alice", "Box", "Other", "--data", data),
                List.of("usage", "alice", "--data", data),
                List.of("check", "--data", data),
                List.of("check", "--repair", "--data", data),
                List.of("trace", "list", "--data", data),
                List.of("trace", "on", "--user", "alice", "--data", data),
                List.of("trace", "off", "--all", "--data", data),
                List.of("imap-stdio", "--user", "alice", "--data", data),
                List.of("who", "--data", data),
                List.of("kick", "alice", "--data", data),
                List.of("reload", "--data", data));
    }

    @Test void noCommandButServeAndInitCreatesAStore() {
        Path missing = dir.resolve("mistyped");
        for (List<String> args : storeCommands(missing.toString())) {
            assertThat(cli.run(args.toArray(String[]::new))).as("%s", args).isEqualTo(1);
            assertThat(cli.err()).as("%s", args).isEqualTo("satchel: no store at " + missing
                    + "; create one with `satchel init --data " + missing + "` or start `satchel serve`\n");
            assertThat(missing).as("%s created it", args).doesNotExist();
        }
        // an existing but empty directory is no store either
        assertThat(missing.toFile().mkdir()).isTrue();
        assertThat(cli.run("user", "list", "--data", missing.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("no store at " + missing);
        assertThat(missing).isEmptyDirectory();
    }

    @Test void initCreatesTheStoreOnceAndThenCommandsWork() throws Exception {
        String data = dir.resolve("data").toString();
        assertThat(cli.run("init", "--data", data)).isZero();
        assertThat(cli.out()).isEqualTo("Created a store in " + data + ".\n");
        assertThat(Files.getPosixFilePermissions(Path.of(data))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(cli.run("init", "--data", data)).isZero();
        assertThat(cli.out()).contains("already exists");
        assertThat(cli.run("user", "list", "--data", data)).isZero();
        assertThat(cli.out()).isEmpty();
        assertThat(cli.run("who", "--data", data)).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("satchel: no server is running on " + data + "\n");
    }

    @Test void aFailedFirstServeLeavesNothingBehind() throws Exception {
        Path fresh = dir.resolve("parent/data");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = "127.0.0.1:" + taken.getLocalPort();
            assertThat(cli.run("serve", "--data", fresh.toString(), "--imap", port, "--imaps", "127.0.0.1:0",
                    "--metrics", "off")).isEqualTo(1);
            assertThat(cli.err()).contains("cannot listen on " + port);
            assertThat(dir.resolve("parent")).doesNotExist(); // no database, no certificate, no directory

            // a data directory with a store keeps exactly what it had: no certificate appears
            String data = dir.resolve("data").toString();
            assertThat(cli.run("init", "--data", data)).isZero();
            List<Path> before = list(Path.of(data));
            assertThat(cli.run("serve", "--data", data, "--imap", port, "--imaps", "127.0.0.1:0", "--metrics", "off"))
                    .isEqualTo(1);
            List<Path> after = list(Path.of(data));
            assertThat(after).doesNotContain(Path.of(data, "tls"), Path.of(data, "spool"));
            assertThat(after.stream().filter(p -> !before.contains(p)))
                    .allMatch(p -> p.getFileName().toString().equals(DataDirLock.FILE));
        }
    }

    @Test void serveAndRepairAreRefusedWhileTheLockIsHeld() throws Exception {
        String data = dir.resolve("data").toString();
        assertThat(cli.run("init", "--data", data)).isZero();
        try (DataDirLock lock = DataDirLock.acquire(Path.of(data), "serve")) {
            lock.add("imap=127.0.0.1:1143");
            assertThat(cli.run("serve", "--data", data, "--imap", "127.0.0.1:0", "--imaps", "off", "--metrics", "off"))
                    .isEqualTo(1);
            assertThat(cli.err()).startsWith("satchel: a server already runs on " + data + ": pid "
                    + ProcessHandle.current().pid() + " (serve since ").contains(", imap 127.0.0.1:1143");
            assertThat(cli.run("check", "--repair", "--data", data)).isEqualTo(1);
            assertThat(cli.err()).startsWith("satchel: cannot check --repair while pid ").contains("stop it first");
            assertThat(cli.run("check", "--data", data)).isZero(); // a read-only check may run beside it
        }
        assertThat(DataDirLock.holder(Path.of(data))).isEmpty();
        assertThat(cli.run("check", "--repair", "--data", data)).isZero();
    }

    @Test void ioErrorsNameTheSettingThePathAndTheReason() throws Exception {
        String data = dir.resolve("data").toString();
        Path missing = dir.resolve("missing.pem");
        Path conf = Files.writeString(dir.resolve("satchel.conf"), "data-dir = data\ntls.certificate = missing.pem\n"
                + "tls.private-key = " + dir + "\nimap = 127.0.0.1:0\nimaps = off\nmetrics = off\n");
        assertThat(cli.run("serve", "--config", conf.toString())).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("satchel: tls.certificate: cannot read " + missing
                + ": no such file or directory\n");
        Files.writeString(missing, "not a certificate");
        assertThat(cli.run("serve", "--config", conf.toString())).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("satchel: tls.private-key: cannot read " + dir + ": is a directory\n");
        assertThat(dir.resolve("data")).doesNotExist();

        Path file = Files.writeString(dir.resolve("a-file"), "");
        assertThat(cli.run("serve", "--data", file.toString(), "--metrics", "off")).isEqualTo(1);
        assertThat(cli.err()).startsWith("satchel: data-dir (--data): cannot open or create " + file + ": ");
        assertThat(cli.run("user", "list", "--data", file.toString())).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("satchel: data-dir (--data): " + file + " is not a directory\n");

        assertThat(cli.run("init", "--data", data)).isZero();
        Path traces = Files.writeString(dir.resolve("traces-file"), "");
        Path traceConf = Files.writeString(dir.resolve("trace.conf"), "data-dir = data\ntrace.dir = traces-file\n");
        assertThat(cli.run("trace", "on", "--user", "alice", "--config", traceConf.toString())).isEqualTo(1);
        assertThat(cli.err()).startsWith("satchel: trace.dir: cannot ").contains(traces.toString());
    }

    @Test void aStoreTheUserCannotWriteSaysPermissionDenied() throws Exception {
        assumeThat(System.getProperty("user.name")).as("runs as root, where file permissions do not apply")
                .isNotEqualTo("root");
        String data = dir.resolve("data").toString();
        assertThat(cli.run("init", "--data", data)).isZero();
        Path db = Path.of(data, "satchel.db");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--------"));
        try {
            assertThat(cli.run("user", "add", "bob", "--data", data)).isEqualTo(1);
            assertThat(cli.err()).contains("data-dir (--data): cannot write " + db + ": permission denied");
        } finally {
            Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static List<Path> list(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }
}
