package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.store.MailboxesContract;
import satchel.store.MailStore;

class SqliteMailboxesTest extends MailboxesContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }

    @Test
    void aUserWithoutACounterStartsAboveTheOldGlobalOne() throws Exception {
        // A database from before per-user counters: only the global one, which bounds every value issued.
        long global = System.currentTimeMillis() / 1000 + 100_000;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME));
             Statement s = c.createStatement()) {
            s.execute("DELETE FROM counters WHERE name LIKE 'uidvalidity/%'");
            s.execute("INSERT OR REPLACE INTO counters (name, value) VALUES ('uidvalidity', " + global + ")");
        }
        assertThat(mail.create("x", Set.of()).uidValidity()).isGreaterThan(global);
    }
}
