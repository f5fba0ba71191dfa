package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.sqlite.SqliteMailStore;

/** {@code satchel import|export|backup|restore} as an operator runs them. */
class TransferCommandsTest {
    @TempDir Path tmp;
    private final Cli cli = new Cli();

    private Path dataWithAlice() throws Exception {
        Path data = tmp.resolve("data");
        try (var store = SqliteMailStore.open(data)) {
            store.createUser("alice", "x", null);
        }
        return data;
    }

    @Test void importExportBackupRestore() throws Exception {
        Path data = dataWithAlice();
        Path maildir = Path.of("src/test/resources/import/dovecot-maildir");
        assertThat(cli.run("import", "--data", data.toString(), "--quiet", "alice", maildir.toString()))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("Imported 4 folders (4 with their UIDs kept): 14 messages");
        assertThat(cli.run("import", "--data", data.toString(), "--quiet", "alice", maildir.toString())).isZero();
        assertThat(cli.out()).contains(": 0 messages, 0 bytes; 14 already there");

        assertThat(cli.run("export", "--data", data.toString(), "--format", "mbox", "--mailbox", "Work/Reports",
                "--quiet", "alice", tmp.resolve("out").toString())).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Exported 1 folders: 3 messages");
        assertThat(Files.readString(tmp.resolve("out/Work/Reports.mbox"))).startsWith("From MAILER-DAEMON ");

        Path backup = tmp.resolve("nightly.db");
        assertThat(cli.run("backup", "--data", data.toString(), backup.toString())).as(cli.err()).isZero();
        assertThat(cli.run("restore", "--data", tmp.resolve("elsewhere").toString(), backup.toString()))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("1 users, 8 mailboxes, 14 messages; 0 problems");
    }

    @Test void badInputIsAClearFailure() throws Exception {
        Path data = dataWithAlice();
        assertThat(cli.run("import", "--data", data.toString(), "nobody", tmp.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("no such user: nobody");
        assertThat(cli.run("import", "--data", data.toString(), "alice", tmp.resolve("missing").toString())).isEqualTo(1);
        assertThat(cli.err()).contains("does not exist");
        assertThat(cli.run("export", "--data", data.toString(), "--format", "pst", "alice", tmp.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("unknown format pst");
        assertThat(cli.run("restore", "--data", data.toString(), tmp.resolve("none.db").toString())).isEqualTo(1);
        assertThat(cli.err()).contains("No such file");
    }

    /** The contract a running server keeps: an exclusive lock on satchel.lock, here held by another process. */
    @Test void restoreIsRefusedWhileTheDataDirectoryIsLocked() throws Exception {
        Path data = dataWithAlice();
        Path backup = tmp.resolve("b.db");
        assertThat(cli.run("backup", "--data", data.toString(), backup.toString())).isZero();
        Process holder;
        try {
            holder = new ProcessBuilder("python3", "-c", "import fcntl,sys;f=open(sys.argv[1],'a');"
                    + "fcntl.lockf(f,fcntl.LOCK_EX);print('locked',flush=True);sys.stdin.read()",
                    data.resolve(satchel.server.DataDirLock.FILE).toString()).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "python3 not installed");
            return;
        }
        try {
            var line = new BufferedReader(new InputStreamReader(holder.getInputStream())).readLine();
            assertThat(line).isEqualTo("locked");
            assertThat(cli.run("restore", "--data", data.toString(), backup.toString())).isEqualTo(1);
            assertThat(cli.err()).contains("cannot restore while").contains("stop it first");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(cli.run("restore", "--data", data.toString(), backup.toString())).as(cli.err()).isZero();
    }
}
