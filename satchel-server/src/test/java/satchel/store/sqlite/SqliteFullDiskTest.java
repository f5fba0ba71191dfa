package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.FlagUpdate;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.MailboxLimits;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.UserMail;

/**
 * A really full file system (a small tmpfs; SQLite's page cap is no stand-in: in WAL mode even an UPDATE in place
 * needs room for its WAL frames). Reading, SELECT (which records who saw \Recent), STORE \Deleted, EXPUNGE and MOVE
 * must still work, so users can delete mail to make room; APPEND waits until there is room again. Needs root to
 * mount; skipped elsewhere.
 */
class SqliteFullDiskTest {
    @TempDir Path tmp;
    private Path mount;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        mount = tmp.resolve("small");
        Files.createDirectories(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here (needs root)");
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor();
    }

    private static NewMessage message(int i) {
        String body = ("line " + i + " of a message that takes room\r\n").repeat(500);
        return new NewMessage(("Subject: m" + i + "\r\n\r\n" + body).getBytes(), Set.of(), Instant.EPOCH);
    }

    private static void fillTheRest(Path dir) {
        try (var out = Files.newOutputStream(dir.resolve("filler"))) {
            byte[] chunk = new byte[4096];
            while (true) out.write(chunk);
        } catch (IOException full) {
            // No space left on device: exactly what we want.
        }
    }

    @Test
    void selectFetchStoreDeletedAndExpungeWorkOnAFullDisk() throws Exception {
        try (MailStore store = SqliteMailStore.open(mount.resolve("data"), MailboxLimits.DEFAULT,
                SqliteMailStore.Tuning.DEFAULT.withReserveBytes(1 << 20))) {
            UserMail mail = store.mail(store.createUser("alice", "h", null));
            MailboxId inbox = mail.find("INBOX").orElseThrow().id();
            MailboxId trash = mail.find("Trash").orElseThrow().id();
            Files.write(mount.resolve("other"), new byte[3 << 19]); // someone else's 1.5 MB on the same disk
            StoreException full = null;
            for (int i = 0; i < 1000 && full == null; i++) {
                full = catchThrowableOfType(StoreException.class, () -> mail.append(inbox, List.of(message(0))));
            }
            assertThat(full).isNotNull();
            assertThat(full.getMessage()).contains("disk full");
            fillTheRest(mount);
            int count = mail.snapshot(inbox).messages().size();
            assertThat(count).isGreaterThan(4);

            // SELECT: the snapshot and the \Recent claim.
            assertThat(mail.snapshot(inbox).uidNext()).isEqualTo(count + 1);
            assertThat(mail.claimRecent(inbox, count + 1)).isEqualTo(1);
            // FETCH
            assertThat(new String(mail.content(inbox, 1))).startsWith("Subject: m0");
            assertThat(mail.structures(inbox, List.of(1L, 2L))).hasSize(2);
            // STORE \Deleted, EXPUNGE, and MOVE to Trash (how many clients delete)
            var deleted = new FlagUpdate(FlagUpdate.Mode.ADD, Set.of("\\Deleted"), -1);
            assertThat(mail.updateFlags(inbox, List.of(1L, 2L, 3L), deleted).changed()).hasSize(3);
            assertThat(mail.expunge(inbox, List.of(1L, 2L, 3L))).containsExactly(1L, 2L, 3L);
            assertThat(mail.move(inbox, List.of(4L), trash).destUids()).hasSize(1);
            assertThat(mail.snapshot(inbox).messages()).hasSize(count - 4);

            // The room is kept for deleting: APPEND is refused while the disk stays full.
            StoreException append = catchThrowableOfType(StoreException.class,
                    () -> mail.append(inbox, List.of(message(1))));
            assertThat(append.getMessage()).contains("disk full");
            // Once the operator makes room, the reserve comes back and APPEND works again.
            Files.delete(mount.resolve("filler"));
            Files.delete(mount.resolve("other"));
            assertThat(mail.append(inbox, List.of(message(2)))).hasSize(1);
        }
    }
}
