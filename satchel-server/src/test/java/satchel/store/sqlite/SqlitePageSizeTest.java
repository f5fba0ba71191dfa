package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.UserMail;

/** A new database gets the chosen page size; an existing one keeps its own, and everything else still works. */
class SqlitePageSizeTest {
    @TempDir Path dir;

    private static NewMessage message(int i) {
        String body = ("line " + i + " of a message longer than one page\r\n").repeat(900); // ~40 KB
        return new NewMessage(("Subject: m" + i + "\r\n\r\n" + body).getBytes(), Set.of(), Instant.EPOCH);
    }

    private static String pragma(Path db, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void appendAndRead(MailStore store, String user, int i) throws Exception {
        var known = store.user(user);
        UserMail mail = store.mail(known.isPresent() ? known.get() : store.createUser(user, "h", null));
        MailboxId inbox = mail.find("INBOX").orElseThrow().id();
        long uid = mail.append(inbox, List.of(message(i))).getFirst().uid();
        assertThat(mail.content(inbox, uid)).isEqualTo(message(i).content());
    }

    @Test
    void aNewDatabaseGetsTheNewPageSizeAndStaysInWal() throws Exception {
        try (MailStore store = SqliteMailStore.open(dir)) {
            appendAndRead(store, "alice", 1);
        }
        Path db = dir.resolve(SqliteMailStore.FILE_NAME);
        assertThat(pragma(db, "page_size")).isEqualTo(String.valueOf(SqliteDialect.NEW_PAGE_SIZE));
        assertThat(pragma(db, "journal_mode")).isEqualToIgnoringCase("wal");
        assertThat(pragma(db, "quick_check")).isEqualTo("ok");
    }

    @Test
    void anExistingDatabaseKeepsItsPageSize() throws Exception {
        try (MailStore store = SqliteMailStore.open(dir, SqliteMailStore.Tuning.DEFAULT.withPageSize(4096))) {
            appendAndRead(store, "alice", 1);
        }
        Path db = dir.resolve(SqliteMailStore.FILE_NAME);
        assertThat(pragma(db, "page_size")).isEqualTo("4096");
        try (MailStore store = SqliteMailStore.open(dir)) { // the default would make a new database with larger pages
            appendAndRead(store, "alice", 2);
            appendAndRead(store, "bob", 3);
            UserMail alice = store.mail(store.user("alice").orElseThrow());
            assertThat(alice.snapshot(alice.find("INBOX").orElseThrow().id()).messages()).hasSize(2);
        }
        assertThat(pragma(db, "page_size")).isEqualTo("4096");
        assertThat(pragma(db, "quick_check")).isEqualTo("ok");
        try (MailStore store = SqliteMailStore.openReadOnly(dir, satchel.store.MailboxLimits.DEFAULT)) {
            UserMail mail = store.mail(store.user("bob").orElseThrow());
            assertThat(mail.content(mail.find("INBOX").orElseThrow().id(), 1)).isEqualTo(message(3).content());
        }
    }

    @Test
    void aBackupKeepsThePageSizeOfItsSource() throws Exception {
        Path old = dir.resolve("old"), fresh = dir.resolve("new");
        try (MailStore a = SqliteMailStore.open(old, SqliteMailStore.Tuning.DEFAULT.withPageSize(4096));
             MailStore b = SqliteMailStore.open(fresh)) {
            appendAndRead(a, "alice", 1);
            appendAndRead(b, "alice", 1);
        }
        SqliteBackup.backup(old, dir.resolve("old.bak"));
        SqliteBackup.backup(fresh, dir.resolve("new.bak"));
        assertThat(pragma(dir.resolve("old.bak"), "page_size")).isEqualTo("4096");
        assertThat(pragma(dir.resolve("new.bak"), "page_size")).isEqualTo(String.valueOf(SqliteDialect.NEW_PAGE_SIZE));
        Path restored = dir.resolve("restored");
        SqliteBackup.restore(dir.resolve("old.bak"), restored);
        try (MailStore store = SqliteMailStore.open(restored)) {
            appendAndRead(store, "alice", 2);
        }
        assertThat(pragma(restored.resolve(SqliteMailStore.FILE_NAME), "page_size")).isEqualTo("4096");
    }
}
