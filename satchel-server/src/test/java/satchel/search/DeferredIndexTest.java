package satchel.search;

import static org.assertj.core.api.Assertions.assertThat;
import static satchel.search.SearchEquivalenceTest.login;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;
import satchel.store.MailStore;
import satchel.store.memory.MemoryMailStore;
import satchel.store.postgres.PostgresTestServer;
import satchel.store.sql.SqlMailStore;
import satchel.store.sqlite.SqliteMailStore;

/**
 * The full-text index is built after the APPEND (issue 11), so SEARCH must give the same answers whether a message
 * is indexed yet or not: with the indexer held (every message scanned), while it catches up, and once it has
 * (index candidates, then the exact check), on SQLite and PostgreSQL, always equal to the memory store, which
 * scans everything. And a message appended a moment ago is found by the very next SEARCH, again and again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the corpus is unindexed until the first tests let it go
class DeferredIndexTest {
    @TempDir static Path dir;
    static MailStore memory;
    static SqlMailStore sqlite, postgresql;
    static ImapServer memServer, sqlServer, pgServer;
    static TestClient mem;

    @BeforeAll
    static void start() throws Exception {
        memory = new MemoryMailStore();
        sqlite = SqliteMailStore.open(dir.resolve("sqlite"));
        postgresql = PostgresTestServer.open(dir.resolve("pg"));
        SearchEquivalenceTest.populate(memory);
        for (SqlMailStore s : List.of(sqlite, postgresql)) {
            s.pauseIndexer(true); // nothing of the corpus gets indexed until a test says so
            SearchEquivalenceTest.populate(s);
        }
        memServer = ImapServer.start(config(), memory);
        sqlServer = ImapServer.start(config(), sqlite);
        pgServer = ImapServer.start(config(), postgresql);
        mem = login(memServer);
    }

    @AfterAll
    static void stop() throws Exception {
        if (mem != null) mem.close();
        for (ImapServer s : new ImapServer[] {memServer, sqlServer, pgServer}) if (s != null) s.close();
    }

    private static ServerConfig config() {
        return ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps("off");
    }

    @Test
    @Order(1)
    void sqliteAnswersTheSameUnindexedWhileIndexingAndIndexed() throws Exception {
        sameAnswersInEveryState(sqlite, sqlServer);
    }

    @Test
    @Order(2)
    void postgresqlAnswersTheSameUnindexedWhileIndexingAndIndexed() throws Exception {
        sameAnswersInEveryState(postgresql, pgServer);
    }

    private void sameAnswersInEveryState(SqlMailStore store, ImapServer server) throws Exception {
        Map<String, String> expected = SearchEquivalenceTest.answers(mem);
        try (TestClient c = login(server)) {
            assertThat(store.unindexedMessages()).isGreaterThan(300); // held: nothing indexed, everything scanned
            assertThat(SearchEquivalenceTest.answers(c)).isEqualTo(expected);
            store.pauseIndexer(false);
            // Whatever part is indexed at each moment, the answers stay the same.
            for (int round = 0; round < 10 && store.unindexedMessages() > 0; round++) {
                assertThat(SearchEquivalenceTest.answers(c)).isEqualTo(expected);
            }
            assertThat(store.awaitIndexed(Duration.ofSeconds(60))).isTrue();
            assertThat(SearchEquivalenceTest.answers(c)).isEqualTo(expected);
        }
    }

    @Test
    @Order(3)
    void sqliteFindsMailAppendedJustBefore() throws Exception {
        findsMailAppendedJustBefore(sqlite, sqlServer);
    }

    @Test
    @Order(4)
    void postgresqlFindsMailAppendedJustBefore() throws Exception {
        findsMailAppendedJustBefore(postgresql, pgServer);
    }

    /**
     * APPEND, then at once UID SEARCH BODY (and SUBJECT) for a word only that message holds, 80 times, while another session
     * keeps appending (so the indexer is busy and behind): every search finds exactly the new message.
     */
    private void findsMailAppendedJustBefore(SqlMailStore store, ImapServer server) throws Exception {
        store.pauseIndexer(false);
        String box = "Fresh" + server.imapAddress().getPort();
        try (TestClient c = login(server)) {
            c.ok("CREATE " + box);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread filler = Thread.ofPlatform().start(() -> {
            try (TestClient other = login(server)) {
                for (int i = 0; !stop.get(); i++) other.ok(append(box, "background filler " + i));
            } catch (Exception e) {
                failed.set(e);
            }
        });
        List<String> misses = new ArrayList<>();
        try (TestClient c = login(server)) {
            c.ok("SELECT " + box);
            for (int i = 0; i < 80; i++) {
                String word = "zebra" + i + "quokka" + System.nanoTime();
                c.ok(append(box, "the word is " + word + " today"));
                String hits = c.ok("UID SEARCH BODY " + word).stream().map(String::strip)
                        .filter(l -> l.startsWith("* SEARCH")).findFirst().orElseThrow();
                if (hits.split(" ").length != 3) misses.add(word + ": " + hits);
                // The header row is written with the message, before any indexing: SUBJECT finds it at once too.
                String subject = c.ok("UID SEARCH FROM a@ SUBJECT " + word).stream().map(String::strip)
                        .filter(l -> l.startsWith("* SEARCH")).findFirst().orElseThrow();
                if (subject.split(" ").length != 3) misses.add("SUBJECT " + word + ": " + subject);
            }
        } finally {
            stop.set(true);
            filler.join();
        }
        assertThat(misses).isEmpty();
        assertThat(failed.get()).isNull();
        assertThat(store.awaitIndexed(Duration.ofSeconds(60))).isTrue();
    }

    private static String append(String mailbox, String body) {
        byte[] m = ("From: a@example.org\r\nSubject: fresh " + body + "\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
        return "APPEND " + mailbox + " {" + m.length + "+}\r\n" + new String(m, StandardCharsets.UTF_8);
    }
}
