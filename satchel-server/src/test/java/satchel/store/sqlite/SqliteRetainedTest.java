package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import satchel.store.Hold;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.RetainedContract;
import satchel.store.StoreException.Kind;

class SqliteRetainedTest extends RetainedContract {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }

    @Override
    protected MailStore openWithGrace(Path dir, Duration grace) throws Exception {
        return SqliteMailStore.open(dir, SqliteMailStore.Tuning.DEFAULT.withGrace(grace));
    }

    /** After a restart no session can name an expunged message: what was kept for one goes at start-up. */
    @Test
    void startUpDropsWhatWasRetained() throws Exception {
        MailboxId box = inbox();
        append(box, 2);
        Hold hold = store.hold(box, mail.status(box).highestModSeq());
        mail.expunge(box, List.of(1L));
        assertThat(rows("retained")).isEqualTo(1);
        store.close(); // as after a crash: the hold was never released
        hold.close();
        store = open(dir);
        mail = store.mail(store.user("alice").orElseThrow());
        assertThat(rows("retained")).isZero();
        assertThat(rows("blobs")).isEqualTo(1);
        assertThat(rows("structures")).isEqualTo(1);
        assertFails(Kind.NONEXISTENT, () -> mail.content(box, 1));
        assertThat(mail.content(box, 2)).isNotEmpty();
    }

    /** The bytes of a reclaimed message leave the database file's tables: blob, structure, search text. */
    @Test
    void reclaimedMessageLeavesNoRowBehind() throws Exception {
        MailboxId box = inbox();
        append(box, 2);
        try (Hold hold = store.hold(box, mail.status(box).highestModSeq())) {
            mail.expunge(box, List.of(2L));
            assertThat(rows("blobs")).isEqualTo(2);
            hold.advance(mail.status(box).highestModSeq());
            eventually(() -> rows("blobs") == 1);
        }
        assertThat(rows("retained")).isZero();
        assertThat(rows("structures")).isEqualTo(1);
        assertThat(rows("search_data")).isEqualTo(1);
    }

    private long rows(String table) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME));
             var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
