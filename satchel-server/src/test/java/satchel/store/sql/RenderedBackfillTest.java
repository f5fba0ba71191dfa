package satchel.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.Await;
import satchel.mime.MessageStructure;
import satchel.mime.MimeCorpus;
import satchel.mime.RenderedStructure;
import satchel.search.bench.MailGen;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.UserMail;
import satchel.store.postgres.PostgresTestServer;
import satchel.store.sqlite.SchemaRollback;
import satchel.store.sqlite.SqliteMailStore;

/**
 * Mail stored before APPEND rendered ENVELOPE and BODYSTRUCTURE (schema migration 14): after the next start the
 * background backfill gives every message the form APPEND gives it now, byte for byte; until then FETCH gets the
 * stored structure for the messages not reached yet. New mail is rendered at APPEND.
 */
class RenderedBackfillTest {
    @TempDir Path dir;

    /** The schema version just before the migration under test. */
    private static int before() {
        return MigrationPosition.before(s -> s.contains("ADD COLUMN rendered"));
    }

    /** More than a few backfill batches, with the odd shapes of the MIME corpus among them. */
    private static List<NewMessage> corpus() {
        MailGen gen = new MailGen(11);
        Instant date = Instant.parse("2025-01-01T00:00:00Z");
        List<NewMessage> out = new ArrayList<>();
        for (byte[] m : MimeCorpus.wellFormed().values()) out.add(new NewMessage(m, Set.of(), date));
        out.add(new NewMessage(MimeCorpus.eightBitHeaders(), Set.of(), date));
        out.add(new NewMessage(MimeCorpus.deepNesting(30), Set.of(), date));
        out.add(new NewMessage(("From: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>\r\nSubject: " + "long ".repeat(300)
                + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8), Set.of(), date));
        for (int i = 0; i < 700; i++) out.add(new NewMessage(gen.next(), Set.of(), date));
        return out;
    }

    private static Map<Long, byte[]> rendered(UserMail m, MailboxId box, int count) throws Exception {
        return m.renderedStructures(box, LongStream.rangeClosed(1, count).boxed().toList()).orElseThrow();
    }

    private static MailboxId fill(UserMail m, List<NewMessage> corpus) throws Exception {
        MailboxId inbox = m.find("INBOX").orElseThrow().id();
        for (int from = 0; from < corpus.size(); from += 200) {
            m.append(inbox, corpus.subList(from, Math.min(corpus.size(), from + 200)));
        }
        return inbox;
    }

    /** Every value is the rendered form APPEND wrote, and it is what the walker makes of the stored structure. */
    private static void assertAllRendered(Map<Long, byte[]> now, Map<Long, byte[]> written) {
        assertThat(now.keySet()).isEqualTo(written.keySet());
        for (var e : now.entrySet()) {
            assertThat(RenderedStructure.is(e.getValue())).as("uid %d rendered", e.getKey()).isTrue();
            assertThat(e.getValue()).as("uid %d", e.getKey()).isEqualTo(written.get(e.getKey()));
        }
    }

    @Test
    void aSqliteDatabaseAtThePreviousVersionIsRenderedAfterStartUp() throws Exception {
        List<NewMessage> corpus = corpus();
        Map<Long, byte[]> written;
        Map<Long, byte[]> structures;
        try (MailStore s = SqliteMailStore.open(dir)) {
            UserMail m = s.mail(s.createUser("alice", "$h", null));
            MailboxId inbox = fill(m, corpus);
            written = rendered(m, inbox, corpus.size());
            structures = m.storedStructures(inbox, LongStream.rangeClosed(1, corpus.size()).boxed().toList()).orElseThrow();
        }
        assertThat(written).hasSize(corpus.size());
        for (var e : written.entrySet()) {
            assertThat(e.getValue()).isEqualTo(RenderedStructure.of(structures.get(e.getKey())));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("satchel.db"));
             Statement st = c.createStatement()) {
            SchemaRollback.to(st, before());
        }
        try (MailStore s = SqliteMailStore.open(dir)) { // migrates, then renders in the background
            UserMail m = s.mail(s.user("alice").orElseThrow());
            MailboxId inbox = m.find("INBOX").orElseThrow().id();
            // Meanwhile each message has one form or the other, and the stored one is the message's own.
            for (var e : rendered(m, inbox, corpus.size()).entrySet()) {
                byte[] v = e.getValue();
                assertThat(v).isEqualTo(RenderedStructure.is(v) ? written.get(e.getKey()) : structures.get(e.getKey()));
            }
            Await.untilPasses(Duration.ofSeconds(60), () -> assertAllRendered(rendered(m, inbox, corpus.size()), written));
            m.append(inbox, List.of(corpus.getLast()));
            long next = corpus.size() + 1;
            assertThat(m.renderedStructures(inbox, List.of(next)).orElseThrow().get(next))
                    .isEqualTo(written.get((long) corpus.size()));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("satchel.db"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM structures WHERE rendered IS NULL")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    /** PostgreSQL: rows without the form (as the migration leaves them) are rendered after start-up, the same. */
    @Test
    void postgresqlRowsWithoutTheFormAreRenderedAfterStartUp() throws Exception {
        List<NewMessage> corpus = corpus();
        Map<Long, byte[]> written;
        try (MailStore s = PostgresTestServer.open(dir)) {
            UserMail m = s.mail(s.createUser("alice", "$h", null));
            MailboxId inbox = fill(m, corpus);
            written = rendered(m, inbox, corpus.size());
        }
        assertThat(written).hasSize(corpus.size());
        try (Connection c = DriverManager.getConnection("jdbc:" + PostgresTestServer.url(dir), "postgres", null);
             Statement st = c.createStatement()) {
            st.execute("UPDATE structures SET rendered = NULL");
        }
        try (MailStore s = PostgresTestServer.open(dir)) {
            UserMail m = s.mail(s.user("alice").orElseThrow());
            MailboxId inbox = m.find("INBOX").orElseThrow().id();
            Await.untilPasses(Duration.ofSeconds(60), () -> assertAllRendered(rendered(m, inbox, corpus.size()), written));
        }
    }
}
