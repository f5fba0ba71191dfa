package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import satchel.store.FlagUpdate;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.MailboxStatus;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.UserMail;

/** Storage failures reach the client as a StoreException with a short, SQL-free message. */
class SqliteErrorsTest {
    @TempDir Path dir;

    private static NewMessage big(int kib) {
        byte[] bytes = new byte[kib * 1024];
        Arrays.fill(bytes, (byte) 'x');
        return new NewMessage(bytes, Set.of(), Instant.EPOCH);
    }

    @Test
    void aFullDatabaseFailsCleanlyAndStaysUsable() throws Exception {
        // max_page_count stands in for a full disk: SQLite reports SQLITE_FULL either way.
        try (MailStore store = SqliteMailStore.open(dir, SqliteMailStore.Tuning.DEFAULT.withMaxPageCount(80))) {
            UserMail mail = store.mail(store.createUser("alice", "h", null));
            MailboxId inbox = mail.find("INBOX").orElseThrow().id();
            StoreException full = null;
            for (int i = 0; i < 100 && full == null; i++) {
                MailboxStatus before = mail.status(inbox);
                full = catchThrowableOfType(StoreException.class,
                        () -> mail.append(inbox, List.of(big(16), big(16), big(16))));
                if (full != null) assertThat(mail.status(inbox)).isEqualTo(before); // RFC 3502: all or none
            }
            assertThat(full).isNotNull();
            assertThat(full.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
            assertThat(full.getMessage()).contains("disk full").doesNotContainIgnoringCase("sql")
                    .doesNotContainIgnoringCase("insert");
            // Small writes that fit still work, and expunging makes room again.
            var r = mail.updateFlags(inbox, List.of(1L), new FlagUpdate(FlagUpdate.Mode.ADD, Set.of("\\Seen"), -1));
            assertThat(r.changed()).hasSize(1);
            mail.expunge(inbox, mail.snapshot(inbox).messages().stream().map(m -> m.uid()).toList());
            assertThat(mail.append(inbox, List.of(big(16)))).hasSize(1);
        }
    }

    @Test
    void aReadOnlyDatabaseIsReportedAsSuch() throws Exception {
        SqliteMailStore.open(dir).close();
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        String url = "jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME);
        try (Connection c = config.createConnection(url); Statement s = c.createStatement()) {
            SQLException e = catchThrowableOfType(SQLException.class,
                    () -> s.execute("INSERT INTO users (name, password_hash) VALUES ('x', 'y')"));
            StoreException translated = new SqliteDialect(null, 0, 0).translate(e);
            assertThat(translated.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
            assertThat(translated.getMessage()).isEqualTo("Mail storage is read-only");
        }
    }

    @Test
    void operationsAfterCloseAreUnavailable() throws Exception {
        MailStore store = SqliteMailStore.open(dir);
        store.close();
        StoreException e = catchThrowableOfType(StoreException.class, store::users);
        assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
    }
}
