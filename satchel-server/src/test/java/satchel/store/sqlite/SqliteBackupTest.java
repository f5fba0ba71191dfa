package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.MailboxId;
import satchel.store.MailboxStatus;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.StoreMaintenance;
import satchel.store.UserMail;

/** Online backup while a writer appends, and restore of what it made. */
class SqliteBackupTest {
    @TempDir Path tmp;

    @Test void backupWhileAppendingRestoresToAConsistentStore() throws Exception {
        Path data = tmp.resolve("data");
        Path backup = tmp.resolve("backup.db");
        AtomicLong acknowledged = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        long before, after;
        try (SqliteMailStore store = SqliteMailStore.open(data)) {
            UserMail mail = store.mail(store.createUser("alice", "x", null));
            MailboxId inbox = mail.find("INBOX").orElseThrow().id();
            MailboxId work = mail.create("Work", Set.of()).id();
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        // Two mailboxes in one loop: a torn copy would show one ahead of the other by more than one.
                        mail.append(inbox, List.of(message(i)));
                        mail.append(work, List.of(message(i)));
                        acknowledged.incrementAndGet();
                    }
                } catch (StoreException e) {
                    throw new IllegalStateException(e);
                }
            });
            while (acknowledged.get() < 200) Thread.sleep(10);
            before = acknowledged.get();
            SqliteBackup.backup(data, backup);
            after = acknowledged.get();
            stop.set(true);
            writer.join();
            assertThat(acknowledged.get()).isGreaterThan(before); // the writer was not stopped by the backup
        }
        Path restored = tmp.resolve("restored");
        assertThat(SqliteBackup.restore(backup, restored)).isPositive();
        try (SqliteMailStore store = SqliteMailStore.open(restored)) {
            StoreMaintenance.Report report = store.check(false, StoreMaintenance.Progress.NONE);
            assertThat(report.problems()).isEmpty();
            UserMail mail = store.mail(store.user("alice").orElseThrow());
            MailboxStatus inbox = mail.status(mail.find("INBOX").orElseThrow().id());
            MailboxStatus work = mail.status(mail.find("Work").orElseThrow().id());
            assertThat(inbox.messages()).isBetween(before, after + 1);
            assertThat(work.messages()).isBetween(inbox.messages() - 1, inbox.messages());
            assertThat(inbox.uidNext()).isEqualTo(inbox.messages() + 1);
            assertThat(report.messages()).isEqualTo(inbox.messages() + work.messages());
        }
    }

    @Test void restoreKeepsTheReplacedStoreAndRefusesJunk() throws Exception {
        Path data = tmp.resolve("data");
        Path backup = tmp.resolve("backup.db");
        try (SqliteMailStore store = SqliteMailStore.open(data)) {
            store.createUser("alice", "x", null);
            SqliteBackup.backup(data, backup);
            store.createUser("bob", "x", null); // after the backup: gone once it is restored
        }
        Path junk = Files.writeString(tmp.resolve("junk.db"), "not a database at all, just text");
        assertThat(catchThrowableOfType(StoreException.class, () -> SqliteBackup.restore(junk, data)))
                .hasMessageContaining("not a Satchel backup");
        SqliteBackup.restore(backup, data);
        assertThat(Files.exists(data.resolve("satchel.db.before-restore"))).isTrue();
        try (SqliteMailStore store = SqliteMailStore.open(data)) {
            assertThat(store.users()).extracting(u -> u.name()).containsExactly("alice");
        }
        // The replaced store, moved aside with its WAL, still opens whole.
        Path old = Files.createDirectories(tmp.resolve("old"));
        for (String suffix : new String[] {"", "-wal"}) {
            Path kept = data.resolve("satchel.db.before-restore" + suffix);
            if (Files.exists(kept)) Files.copy(kept, old.resolve("satchel.db" + suffix));
        }
        try (SqliteMailStore store = SqliteMailStore.open(old)) {
            assertThat(store.users()).extracting(u -> u.name()).containsExactly("alice", "bob");
        }
    }

    private static NewMessage message(int i) {
        return new NewMessage(("Subject: m" + i + "\r\n\r\n" + "x".repeat(2000) + "\r\n").getBytes(StandardCharsets.UTF_8),
                Set.of(), Instant.now());
    }
}
