package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.StoreMaintenance;
import satchel.store.UserMail;

/**
 * Message bytes in files beside the database (issue 11, {@code FileBlobs}): a new store writes them there, the rows
 * name them; a file goes only after the commit that dropped its row, COPY shares it, orphans are swept at start-up
 * and by {@code check --repair}, a missing file is a clear error.
 */
class SqliteFileBlobsTest {
    @TempDir Path tmp;

    private static NewMessage message(String subject) {
        return new NewMessage(("Subject: " + subject + "\r\n\r\n" + "body of " + subject + "\r\n").repeat(20)
                .getBytes(StandardCharsets.UTF_8), Set.of(), Instant.now());
    }

    private static List<Path> filesUnder(Path blobs) throws Exception {
        if (!Files.isDirectory(blobs)) return List.of();
        try (Stream<Path> walk = Files.walk(blobs)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("deleted"))
                    .toList();
        }
    }

    private static String rowFile(Path data) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("satchel.db"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT file, LENGTH(content) FROM blobs ORDER BY id LIMIT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(2)).as("bytes in the row").isZero();
            return rs.getString(1);
        }
    }

    @Test void aNewStoreWritesFilesThatTheRowsNameAndReadsThem() throws Exception {
        Path data = tmp.resolve("data");
        NewMessage a = message("a");
        try (SqliteMailStore store = SqliteMailStore.open(data)) {
            UserMail mail = store.mail(store.createUser("alice", "x", null));
            MailboxId inbox = mail.find("INBOX").orElseThrow().id();
            mail.append(inbox, List.of(a, message("b"), message("c")));
            assertThat(filesUnder(data.resolve("blobs"))).hasSize(3);
            assertThat(mail.content(inbox, 1)).isEqualTo(a.content());
        }
        String file = rowFile(data);
        assertThat(file).matches("[0-9a-f]{2}/[0-9a-f]{32}");
        assertThat(Files.readAllBytes(data.resolve("blobs").resolve(file))).isEqualTo(a.content());
        try (SqliteMailStore store = SqliteMailStore.open(data)) { // after a restart, from the file
            UserMail mail = store.mail(store.user("alice").orElseThrow());
            assertThat(mail.content(mail.find("INBOX").orElseThrow().id(), 1)).isEqualTo(a.content());
            assertThat(store.check(false, StoreMaintenance.Progress.NONE).problems()).isEmpty();
        }
    }

    @Test void aFileGoesAfterTheCommitThatDropsItsLastRowAndCopiesShareIt() throws Exception {
        Path data = tmp.resolve("data");
        Path blobs = data.resolve("blobs");
        NewMessage a = message("a");
        try (SqliteMailStore store = SqliteMailStore.open(data, SqliteMailStore.Tuning.DEFAULT.withGrace(Duration.ZERO))) {
            UserMail mail = store.mail(store.createUser("alice", "x", null));
            MailboxId inbox = mail.find("INBOX").orElseThrow().id();
            MailboxId work = mail.create("Work", Set.of()).id();
            mail.append(inbox, List.of(a));
            mail.copy(inbox, List.of(1L), work);
            assertThat(filesUnder(blobs)).as("COPY shares the file").hasSize(1);
            Path file = filesUnder(blobs).getFirst();
            assertThat(mail.expunge(inbox, List.of(1L))).containsExactly(1L);
            Thread.sleep(300); // what the reaper would need to move it, were it free to go
            assertThat(file).exists();
            assertThat(mail.content(work, 1)).isEqualTo(a.content());
            assertThat(mail.expunge(work, List.of(1L))).containsExactly(1L);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.exists(file) && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(file).as("removed once its row's deletion committed").doesNotExist();
            // Kept a while in deleted/ for a backup copying files after its snapshot.
            assertThat(blobs.resolve("deleted").resolve(file.getFileName())).exists();
        }
    }

    @Test void orphansOlderThanTheStartAreSweptAndNamedFilesKept() throws Exception {
        Path data = tmp.resolve("data");
        Path blobs = data.resolve("blobs");
        NewMessage a = message("a");
        try (SqliteMailStore store = SqliteMailStore.open(data)) {
            UserMail mail = store.mail(store.createUser("alice", "x", null));
            mail.append(mail.find("INBOX").orElseThrow().id(), List.of(a));
        }
        // What a kill -9 between a file's fsync and its row's commit leaves: a file nothing names.
        Path orphan = Files.write(Files.createDirectories(blobs.resolve("7f")).resolve("0".repeat(32)), a.content());
        Path oldDeleted = Files.write(Files.createDirectories(blobs.resolve("deleted")).resolve("1".repeat(32)),
                a.content());
        Files.setLastModifiedTime(oldDeleted, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        try (SqliteMailStore store = SqliteMailStore.open(data)) {
            store.files().awaitSwept();
            assertThat(orphan).doesNotExist();
            assertThat(oldDeleted).doesNotExist();
            UserMail mail = store.mail(store.user("alice").orElseThrow());
            assertThat(mail.content(mail.find("INBOX").orElseThrow().id(), 1)).isEqualTo(a.content());
        }
    }

    @Test void checkReportsMissingFilesAndRepairRemovesOrphans() throws Exception {
        Path data = tmp.resolve("data");
        Path blobs = data.resolve("blobs");
        try (SqliteMailStore store = SqliteMailStore.open(data)) {
            UserMail mail = store.mail(store.createUser("alice", "x", null));
            MailboxId inbox = mail.find("INBOX").orElseThrow().id();
            mail.append(inbox, List.of(message("a")));
            mail.append(inbox, List.of(message("b")));
            store.files().awaitSwept();
            Path gone = blobs.resolve(rowFile(data));
            Files.delete(gone);
            // A missing file: the FETCH gets a clear error, the server goes on.
            StoreException e = catchThrowableOfType(StoreException.class, () -> mail.content(inbox, 1));
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).containsIgnoringCase("missing");
            assertThat(mail.content(inbox, 2)).startsWith("Subject: b".getBytes(StandardCharsets.UTF_8));

            Path orphan = Files.write(Files.createDirectories(blobs.resolve("7f")).resolve("0".repeat(32)), new byte[10]);
            Path young = Files.write(blobs.resolve("7f").resolve("1".repeat(32)), new byte[10]);
            Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            List<String> seen = new ArrayList<>();
            for (var p : store.check(false, StoreMaintenance.Progress.NONE).problems()) seen.add(p.toString());
            assertThat(seen).anyMatch(s -> s.contains(gone.getParent().getFileName() + "/" + gone.getFileName())
                    && s.contains("missing") && !s.contains("repaired"));
            assertThat(seen).anyMatch(s -> s.contains("7f/" + "0".repeat(32)) && s.contains("no row names"));
            assertThat(seen).noneMatch(s -> s.contains("1".repeat(32))); // young: maybe a write under way
            assertThat(orphan).exists();
            assertThat(store.check(true, StoreMaintenance.Progress.NONE).problems())
                    .anyMatch(p -> p.where().endsWith("0".repeat(32)) && p.repaired());
            assertThat(orphan).doesNotExist();
            assertThat(young).exists();
        }
    }

    @Test void aStoreWithBytesInItsRowsKeepsThemThereAndReadsBoth() throws Exception {
        Path data = tmp.resolve("data");
        NewMessage a = message("a");
        NewMessage b = message("b");
        try (SqliteMailStore store = SqliteMailStore.open(data)) {
            UserMail mail = store.mail(store.createUser("alice", "x", null));
            mail.append(mail.find("INBOX").orElseThrow().id(), List.of(a));
        }
        // As a store made before files: its choice (the counter) absent.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("satchel.db"));
             Statement s = c.createStatement()) {
            s.execute("DELETE FROM counters WHERE name = 'blob_files'");
        }
        try (SqliteMailStore store = SqliteMailStore.open(data)) {
            UserMail mail = store.mail(store.user("alice").orElseThrow());
            MailboxId inbox = mail.find("INBOX").orElseThrow().id();
            mail.append(inbox, List.of(b));
            assertThat(filesUnder(data.resolve("blobs"))).hasSize(1); // only the first message's
            assertThat(mail.content(inbox, 1)).isEqualTo(a.content());
            assertThat(mail.content(inbox, 2)).isEqualTo(b.content());
            assertThat(store.check(false, StoreMaintenance.Progress.NONE).problems()).isEmpty();
        }
    }
}
