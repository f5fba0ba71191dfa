package satchel.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.mime.FoldedSearch;
import satchel.search.bench.MailGen;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.UserMail;
import satchel.store.postgres.PostgresTestServer;
import satchel.store.sqlite.SchemaRollback;
import satchel.store.sqlite.SqliteMailStore;

/**
 * Mail stored before {@code folded_headers} (the migration of {@link SearchHeaderRows}): the migration gives every
 * message whose search headers are complete the row APPEND would have written, and none to a message whose
 * headers were kept only in part; header SEARCH then finds what it found before.
 */
class FoldedHeadersMigrationTest {
    @TempDir Path dir;

    /** The schema version just before the migration under test. */
    private static int before() {
        return MigrationPosition.before(s -> s.startsWith("CREATE TABLE folded_headers"));
    }

    private static List<NewMessage> corpus() {
        MailGen gen = new MailGen(7);
        List<NewMessage> out = new ArrayList<>();
        Instant date = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < 1_200; i++) out.add(new NewMessage(gen.next(), Set.of(), date));
        String huge = "From: huge@example.org\r\nSubject: kept in part\r\nX-Filler: " + "word ".repeat(14_000)
                + "\r\nTo: needle@example.org\r\n\r\nbody\r\n";
        out.add(new NewMessage(huge.getBytes(StandardCharsets.UTF_8), Set.of(), date));
        String shapes = "From: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>\r\nFrom: second@example.org\r\n"
                + "To: Team: ann@example.org, bob@example.net;\r\nSubject: Grüße\r\n folded\r\n\r\nbody\r\n";
        out.add(new NewMessage(shapes.getBytes(StandardCharsets.UTF_8), Set.of(), date));
        return out;
    }

    private static Map<Long, FoldedSearch> rows(UserMail m, MailboxId box, int count) throws Exception {
        return m.searchHeaders(box, LongStream.rangeClosed(1, count).boxed().toList());
    }

    @Test
    void aSqliteDatabaseAtThePreviousVersionGetsTheRowsAppendWrites() throws Exception {
        List<NewMessage> corpus = corpus();
        Map<Long, FoldedSearch> written;
        try (MailStore s = SqliteMailStore.open(dir)) {
            UserMail m = s.mail(s.createUser("alice", "$h", null));
            MailboxId inbox = m.find("INBOX").orElseThrow().id();
            for (int from = 0; from < corpus.size(); from += 200) {
                m.append(inbox, corpus.subList(from, Math.min(corpus.size(), from + 200)));
            }
            m.expunge(inbox, List.of(3L));
            written = rows(m, inbox, corpus.size());
        }
        assertThat(written).hasSize(corpus.size() - 2) // one expunged, one kept in part
                .doesNotContainKeys(3L, (long) corpus.size() - 1);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("satchel.db"));
             Statement st = c.createStatement()) {
            SchemaRollback.to(st, before());
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'folded_headers'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
        long t0 = System.nanoTime();
        try (MailStore s = SqliteMailStore.open(dir)) { // migrates
            long ms = (System.nanoTime() - t0) / 1_000_000;
            UserMail m = s.mail(s.user("alice").orElseThrow());
            MailboxId inbox = m.find("INBOX").orElseThrow().id();
            assertThat(rows(m, inbox, corpus.size())).as("rows after a %d ms migration", ms).isEqualTo(written);
            // New mail gets its row at APPEND again.
            m.append(inbox, List.of(corpus.getLast()));
            assertThat(m.searchHeaders(inbox, List.of((long) corpus.size() + 1)).get((long) corpus.size() + 1))
                    .isEqualTo(written.get((long) corpus.size()));
        }
    }

    /** PostgreSQL: the same backfill, by blob id batches, in SQL both dialects take. */
    @Test
    void postgresqlBackfillWritesTheRowsAppendWrote() throws Exception {
        List<NewMessage> corpus = corpus();
        Map<Long, FoldedSearch> written;
        try (MailStore s = PostgresTestServer.open(dir)) {
            UserMail m = s.mail(s.createUser("alice", "$h", null));
            MailboxId inbox = m.find("INBOX").orElseThrow().id();
            for (int from = 0; from < corpus.size(); from += 200) {
                m.append(inbox, corpus.subList(from, Math.min(corpus.size(), from + 200)));
            }
            written = rows(m, inbox, corpus.size());
            assertThat(written).hasSize(corpus.size() - 1);
            try (Connection c = DriverManager.getConnection("jdbc:" + PostgresTestServer.url(dir), "postgres", null)) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.execute("DELETE FROM folded_headers");
                }
                SearchHeaderRows.backfill(c);
                c.commit();
            }
            assertThat(rows(m, inbox, corpus.size())).isEqualTo(written);
        }
    }
}
