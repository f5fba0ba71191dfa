package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.Hold;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.MailboxLimits;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.StoreMaintenance;
import satchel.store.UserMail;

/** A store opened read-only reads everything, writes nothing (no migration, purge or reserve) and says why. */
class SqliteReadOnlyTest {
    @TempDir Path dir;

    private MailboxId fill() throws Exception {
        try (MailStore s = SqliteMailStore.open(dir)) {
            UserMail mail = s.mail(s.createUser("alice", "$hash$", null));
            MailboxId inbox = mail.find("INBOX").orElseThrow().id();
            mail.append(inbox, List.of(new satchel.store.NewMessage(
                    "Subject: hi\r\n\r\nhello\r\n".getBytes(), Set.of("\\Seen"), java.time.Instant.EPOCH)));
            return inbox;
        }
    }

    @Test
    void readsEverythingAndRefusesEveryWrite() throws Exception {
        MailboxId inbox = fill();
        Files.delete(dir.resolve(SqliteMailStore.FILE_NAME + ".reserve"));
        try (SqliteMailStore s = SqliteMailStore.openReadOnly(dir, MailboxLimits.DEFAULT)) {
            assertThat(s.users()).extracting(u -> u.name()).containsExactly("alice");
            UserMail mail = s.mail(s.user("alice").orElseThrow());
            assertThat(mail.list()).extracting(m -> m.name()).contains("INBOX", "Sent", "Trash");
            assertThat(mail.status(inbox).messages()).isEqualTo(1);
            assertThat(new String(mail.content(inbox, 1))).contains("hello");
            assertThat(s.check(false, StoreMaintenance.Progress.NONE).problems()).isEmpty();

            assertReadOnly(() -> s.createUser("bob", "$hash$", null));
            assertReadOnly(() -> s.deleteUser("alice"));
            assertReadOnly(() -> mail.create("Work", Set.of()));
            assertReadOnly(() -> mail.expunge(inbox, List.of(1L)));
        }
        assertThat(dir.resolve(SqliteMailStore.FILE_NAME + ".reserve")).doesNotExist();
        assertThat(count("SELECT COUNT(*) FROM users")).isEqualTo(1);
    }

    /** Retained rows an earlier run left are the owner's to drop at its next start-up, not a reader's. */
    @Test
    void leavesRetainedRowsAlone() throws Exception {
        MailboxId inbox = fill();
        try (MailStore s = SqliteMailStore.open(dir)) {
            UserMail mail = s.mail(s.user("alice").orElseThrow());
            Hold hold = s.hold(inbox, mail.status(inbox).highestModSeq());
            mail.expunge(inbox, List.of(1L));
            assertThat(count("SELECT COUNT(*) FROM retained")).isEqualTo(1);
            s.close(); // as after a crash: the hold was never released
            hold.close();
        }
        try (MailStore s = SqliteMailStore.openReadOnly(dir, MailboxLimits.DEFAULT)) {
            assertThat(s.users()).hasSize(1);
        }
        assertThat(count("SELECT COUNT(*) FROM retained")).isEqualTo(1);
    }

    @Test
    void refusesAnOlderSchemaWithoutMigratingIt() throws Exception {
        fill();
        long latest = count("SELECT MAX(version) FROM schema_version");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME));
             var st = c.createStatement()) {
            st.execute("DELETE FROM schema_version WHERE version = " + latest);
        }
        StoreException e = catchThrowableOfType(StoreException.class,
                () -> SqliteMailStore.openReadOnly(dir, MailboxLimits.DEFAULT));
        assertThat(e.getMessage()).contains("schema version " + (latest - 1), "older",
                "run `satchel serve` or any write command once as the owner to upgrade");
        assertThat(count("SELECT MAX(version) FROM schema_version")).isEqualTo(latest - 1);
    }

    @Test
    void noStoreIsNotCreated() {
        StoreException e = catchThrowableOfType(StoreException.class,
                () -> SqliteMailStore.openReadOnly(dir.resolve("missing"), MailboxLimits.DEFAULT));
        assertThat(e.kind()).isEqualTo(Kind.NONEXISTENT);
        assertThat(dir.resolve("missing")).doesNotExist();
    }

    private static void assertReadOnly(org.assertj.core.api.ThrowableAssert.ThrowingCallable write) {
        StoreException e = catchThrowableOfType(StoreException.class, write);
        assertThat(e).as("a write on a read-only store").isNotNull();
        assertThat(e.getMessage()).contains("read-only");
    }

    private long count(String sql) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME));
             var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
