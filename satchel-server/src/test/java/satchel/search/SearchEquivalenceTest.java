package satchel.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.auth.Passwords;
import satchel.config.ServerConfig;
import satchel.search.bench.MailGen;
import satchel.server.ImapServer;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.UserMail;
import satchel.store.memory.MemoryMailStore;
import satchel.store.postgres.PostgresTestServer;
import satchel.store.sqlite.SqliteMailStore;

/**
 * The same SEARCH commands, through real server sessions, against the memory store (no index: every message
 * is scanned) and the SQLite store (FTS5 candidates, then the exact check): the answers must be identical.
 * Also checks a few expected hit counts, so that
 * "identical" cannot mean "both empty".
 */
class SearchEquivalenceTest {
    @TempDir static Path dir;
    static ImapServer memory, sqlite, postgresql;
    static TestClient mem, sql, pg;

    static final String[] SEARCHES = {
        "SUBJECT quarterly", "SUBJECT QUARTERLY", "SUBJECT re", "SUBJECT r", "SUBJECT \"\"", "FROM alice",
        "FROM \"alice.smith@example.com\"", "FROM zo", "TO bob", "CC carol", "BCC dave", "BODY xylophone",
        "BODY XyLoPhOnE", "BODY zq", "BODY e", "BODY \"arrives tomorrow\"", "TEXT xylophone", "TEXT \"subject: re\"",
        "TEXT \"from: \"", "TEXT message-id", "HEADER List-Id team", "HEADER List-Id \"\"", "HEADER X-Huge \"\"",
        "HEADER X-Huge needle-at-the-end", "HEADER Received mx1", "NOT BODY budget", "OR SUBJECT xylophone BODY xylophone",
        "OR BODY xylophone NOT SUBJECT report", "FROM alice SUBJECT report BODY budget", "(FROM alice) (OR TO bob CC bob)",
        "UNSEEN BODY budget", "1:50 BODY meeting", "NOT (BODY meeting TEXT invoice)",
        "CHARSET UTF-8 BODY " + lit("straße"), "CHARSET UTF-8 BODY " + lit("STRASSE"), "CHARSET UTF-8 SUBJECT " + lit("οδος"),
        "CHARSET UTF-8 SUBJECT " + lit("ΟΔΟΣ"), "CHARSET UTF-8 BODY " + lit("σίσυφος"), "CHARSET UTF-8 BODY " + lit("İSTANBUL"),
        "CHARSET UTF-8 BODY " + lit("istanbul"), "CHARSET UTF-8 FROM " + lit("Zoë"), "CHARSET UTF-8 FROM " + lit("ZOË"),
        "CHARSET UTF-8 BODY " + lit("καλημέρα"), "CHARSET UTF-8 BODY " + lit("😀 party"), "CHARSET UTF-8 BODY " + lit("ü"),
        "CHARSET UTF-8 TEXT " + lit("übersicht"), "BODY \"a\\\"b\"", "BODY \"-- \"", "BODY attachment-body-text",
        "YOUNGER 86400", "OLDER 86400", "NOT YOUNGER 86400", "OR OLDER 864000 YOUNGER 3600", "YOUNGER 86400 BODY budget",
        "OR YOUNGER 86400 SUBJECT report", "OLDER 3600 SINCE 1-Jan-2025",
        // header shapes the Subject/From/To/Cc/Bcc row must answer as the whole search data did
        "FROM second@", "HEADER FROM zoe", "HEADER from \"\"", "HEADER BCC \"\"", "SUBJECT \"folded stra\"",
        "HEADER Subject \"folded straSSe subject\"", "TO \"team: ann@\"", "TO undisclosed", "TO \"bob, b.\"",
        "CC \"dave, jr\"", "CHARSET UTF-8 SUBJECT " + lit("GRÜSSE"), "CHARSET UTF-8 FROM " + lit("müller"),
        "TO needle-in-huge-to", "SUBJECT \"huge to\"", "FROM zoe SENTBEFORE 1-Jan-2030", "FROM zoe NOT SUBJECT travel",
        "OR FROM second HEADER Reply-To second", "HEADER Resent-From resent", "SUBJECT folded BODY folded-body",
        // header keys beside keys the view answers (checked first) and under OR (candidates of both sides)
        "UNSEEN SUBJECT re", "SEEN FROM alice", "UNSEEN FROM zoe NOT DELETED", "1:50 SUBJECT re", "LARGER 2000 FROM alice",
        "OR UNSEEN SUBJECT re FROM alice", "NOT SEEN TO bob SUBJECT re", "UID 100:* CC carol SEEN",
        "DRAFT SUBJECT re", "KEYWORD nothere FROM alice", "UNDRAFT BODY budget",
    };

    @BeforeAll
    static void start() throws Exception {
        MailStore m = new MemoryMailStore();
        MailStore s = SqliteMailStore.open(dir);
        MailStore p = PostgresTestServer.open(dir);
        for (MailStore store : List.of(m, s, p)) populate(store);
        memory = ImapServer.start(config(), m);
        sqlite = ImapServer.start(config(), s);
        postgresql = ImapServer.start(config(), p);
        mem = login(memory);
        sql = login(sqlite);
        pg = login(postgresql);
        // Expunges go through the same session path on all; the index must forget those messages.
        for (TestClient c : List.of(mem, sql, pg)) {
            c.ok("UID STORE 5:40,300 +FLAGS.SILENT (\\Deleted)");
            c.ok("EXPUNGE");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestClient c : new TestClient[] {mem, sql, pg}) if (c != null) c.close();
        for (ImapServer srv : new ImapServer[] {memory, sqlite, postgresql}) if (srv != null) srv.close();
    }

    private static ServerConfig config() {
        return ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps("off");
    }

    /** A client logged in as alice with INBOX selected (DeferredIndexTest uses it too). */
    static TestClient login(ImapServer server) throws Exception {
        TestClient c = connect(server);
        c.ok("LOGIN alice pw");
        c.ok("SELECT INBOX");
        return c;
    }

    @Test
    void sqliteAnswersExactlyAsTheScanningStore() throws Exception {
        Map<String, String> memAnswers = answers(mem), sqlAnswers = answers(sql);
        assertThat(sqlAnswers).isEqualTo(memAnswers);
        // Sanity: the corpus does contain what the special messages promise.
        assertThat(hits(memAnswers, "HEADER X-Huge needle-at-the-end")).isEqualTo(1);
        assertThat(hits(memAnswers, "CHARSET UTF-8 BODY " + lit("STRASSE"))).isGreaterThan(1);
        assertThat(hits(memAnswers, "CHARSET UTF-8 BODY " + lit("σίσυφος"))).isEqualTo(1); // ISO-8859-7 body
        assertThat(hits(memAnswers, "CHARSET UTF-8 SUBJECT " + lit("οδος"))).isEqualTo(1);
        assertThat(hits(memAnswers, "CHARSET UTF-8 BODY " + lit("İSTANBUL"))).isEqualTo(1);
        assertThat(hits(memAnswers, "BODY xylophone")).isGreaterThan(0);
        assertThat(hits(memAnswers, "BODY attachment-body-text")).isEqualTo(0); // base64 PDFs are not text
        assertThat(hits(memAnswers, "FROM alice")).isGreaterThan(0);
        // a third of the corpus was dated a few hours before the run, the rest in 2024
        assertThat(hits(memAnswers, "YOUNGER 86400")).isGreaterThan(0).isLessThan(hits(memAnswers, "OLDER 86400"));
    }

    /**
     * Keys the view answers are checked before the header keys beside them (and settle a search no message meets): the
     * answer is still the intersection of the two searches made apart.
     */
    @Test
    void viewKeysBesideHeaderKeysGiveTheIntersection() throws Exception {
        for (TestClient c : List.of(sql, mem)) {
            Set<String> unseen = uids(c, "UNSEEN"), subject = uids(c, "SUBJECT re");
            Set<String> both = new java.util.TreeSet<>(unseen);
            both.retainAll(subject);
            assertThat(both).isNotEmpty().hasSizeLessThan(subject.size());
            assertThat(uids(c, "UNSEEN SUBJECT re")).isEqualTo(both);
            assertThat(uids(c, "DRAFT SUBJECT re")).isEmpty();
        }
    }

    private static Set<String> uids(TestClient c, String search) throws Exception {
        String line = c.ok("UID SEARCH " + search).stream().map(String::strip).filter(l -> l.startsWith("* SEARCH"))
                .findFirst().orElseThrow();
        Set<String> out = new java.util.TreeSet<>(List.of(line.split(" ")));
        out.removeAll(Set.of("*", "SEARCH"));
        return out;
    }

    /**
     * Without its {@code folded_headers} rows (as if each message's headers had been kept only in part), SQLite
     * answers from the structure and search data as before the rows existed: the same answers as with them.
     */
    @Test
    void sqliteAnswersTheSameWithoutTheHeaderRows() throws Exception {
        Map<String, String> withRows = answers(sql);
        assertThat(hits(withRows, "FROM second@")).isEqualTo(1);
        assertThat(hits(withRows, "TO needle-in-huge-to")).isEqualTo(1); // no row: read from the message
        assertThat(hits(withRows, "CHARSET UTF-8 SUBJECT " + lit("GRÜSSE"))).isGreaterThan(0); // 8-bit and encoded words
        String url = "jdbc:sqlite:" + dir.resolve("satchel.db"); // SqliteMailStore.FILE_NAME
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept_headers AS SELECT * FROM folded_headers");
            s.execute("DELETE FROM folded_headers");
            try {
                assertThat(answers(sql)).isEqualTo(withRows);
            } finally {
                s.execute("INSERT INTO folded_headers SELECT * FROM kept_headers");
                s.execute("DROP TABLE kept_headers");
            }
        }
    }

    /**
     * A store whose index is the trigram table of schema version 16 (as a release before it left it) is migrated on
     * open: the index is rebuilt from an empty watermark by the background indexer, in the words table (version 17).
     * SEARCH answers exactly as the scanning store while nothing is indexed yet, and again once the rebuild is done.
     */
    @Test
    void sqliteAnswersTheSameBeforeAndAfterItsIndexIsRebuiltInWords() throws Exception {
        answersTheSameAcrossTheRebuild(16, "trigram");
    }

    /**
     * A store whose index is the seven-column words table of schema version 17 is migrated on open to one column of
     * words that name their column (version 18), rebuilt in the background: the same answers before and after.
     */
    @Test
    void sqliteAnswersTheSameBeforeAndAfterItsIndexIsRebuiltInColumnWords() throws Exception {
        answersTheSameAcrossTheRebuild(17, "h_subject");
    }

    private void answersTheSameAcrossTheRebuild(int version, String oldTableMark) throws Exception {
        Path data = dir.resolve("migrated-" + version);
        SqliteMailStore made = SqliteMailStore.open(data);
        populate(made);
        try (ImapServer server = ImapServer.start(config(), made); TestClient c = login(server)) {
            c.ok("UID STORE 5:40,300 +FLAGS.SILENT (\\Deleted)");
            c.ok("EXPUNGE");
            assertThat(made.awaitIndexed(java.time.Duration.ofSeconds(60))).isTrue();
        }
        String url = "jdbc:sqlite:" + data.resolve("satchel.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement s = c.createStatement()) {
            satchel.store.sqlite.SchemaRollback.to(s, version);
            assertThat(indexTable(s)).contains(oldTableMark);
        }
        Map<String, String> expected = answers(mem);
        SqliteMailStore migrated = SqliteMailStore.open(data);
        migrated.pauseIndexer(true);
        try (ImapServer server = ImapServer.start(config(), migrated); TestClient c = login(server)) {
            assertThat(migrated.unindexedMessages()).isPositive();
            assertThat(answers(c)).isEqualTo(expected);
            migrated.pauseIndexer(false);
            assertThat(migrated.awaitIndexed(java.time.Duration.ofSeconds(60))).isTrue();
            assertThat(answers(c)).isEqualTo(expected);
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement s = c.createStatement()) {
            assertThat(indexTable(s)).contains("ascii").contains("detail=none").doesNotContain("trigram")
                    .doesNotContain("h_subject");
        }
    }

    private static String indexTable(java.sql.Statement s) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'search_index'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    /** Candidates from the GIN index of trigram keys, then the exact check: the answers of the scan and of FTS5. */
    @Test
    void postgresqlAnswersExactlyAsTheScanningStore() throws Exception {
        assertThat(answers(pg)).isEqualTo(answers(mem));
    }

    private static int hits(Map<String, String> answers, String search) {
        String line = answers.get(search);
        return line.equals("* SEARCH") ? 0 : line.split(" ").length - 2;
    }

    static Map<String, String> answers(TestClient c) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : SEARCHES) {
            out.put(s, c.ok("UID SEARCH " + s).stream().map(String::strip)
                    .filter(l -> l.startsWith("* SEARCH")).findFirst().orElseThrow());
        }
        return out;
    }

    /** A LITERAL+ string: UTF-8 search text without relying on 8-bit quoted strings. */
    static String lit(String s) {
        return "{" + s.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + s;
    }

    static void populate(MailStore store) throws Exception {
        UserMail mail = store.mail(store.createUser("alice", Passwords.hash("pw"), null));
        MailboxId inbox = mail.find("INBOX").orElseThrow().id();
        MailGen gen = new MailGen(1);
        List<NewMessage> list = new ArrayList<>();
        Instant date = Instant.parse("2024-03-01T10:00:00Z");
        // OLDER/YOUNGER (RFC 5032) need messages on both sides of "a day ago"
        Instant recent = Instant.now().minusSeconds(7200).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (int i = 0; i < 300; i++) {
            list.add(new NewMessage(gen.next(), i % 3 == 0 ? Set.of() : Set.of("\\Seen"), i % 3 == 1 ? recent : date));
            if (i == 150) for (String special : SPECIALS) list.add(new NewMessage(crlf(special), Set.of(), date));
        }
        for (int from = 0; from < list.size(); from += 100) mail.append(inbox, list.subList(from, Math.min(list.size(), from + 100)));
    }

    private static byte[] crlf(String s) {
        return s.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static final List<String> SPECIALS = List.of("""
            From: =?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <zoe@example.org>
            To: bob@example.net
            Subject: =?UTF-8?B?zp/OlM6fzqMgzqPOr8+Dz4XPhs6/z4I=?=
            Content-Type: text/plain; charset=iso-8859-7
            Content-Transfer-Encoding: quoted-printable

            =D3=DF=F3=F5=F6=EF=F2 =EA=E1=EB=E7=EC=DD=F1=E1
            """, """
            From: someone@example.org
            Subject: travel
            Content-Type: text/plain; charset=utf-8

            İstanbul in spring, STRASSE and Übersicht. 😀 party a"b
            """, """
            From: broken@example.org
            Subject: broken multipart
            Content-Type: multipart/mixed; boundary="never-closed"

            --never-closed
            Content-Type: text/plain

            the xylophone part without a final boundary
            --never-closed
            Content-Type: application/pdf
            Content-Transfer-Encoding: base64

            YXR0YWNobWVudC1ib2R5LXRleHQ=
            """, """
            From: huge@example.org
            Subject: huge header
            X-Filler: %s
            X-Filler: %s
            X-Huge: %s needle-at-the-end
            Content-Type: text/plain

            small body
            """.formatted("word ".repeat(6_000), "word ".repeat(6_000), "word ".repeat(6_000)), """
            From: =?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <zoe@example.org>
            From: second@example.org
            To: undisclosed-recipients:;, Team: ann@example.org, "Bob, B." <bob@example.net>;
            Cc: "Dave, Jr." <dave@example.com>
            Bcc:
            Reply-To: second@example.org
            Resent-From: resent@example.org
            Date: Mon, 3 Mar 2025 10:00:00 +0000
            Subject: a folded
             =?ISO-8859-1?Q?Stra=DFe?= subject
            Content-Type: text/plain

            folded-body
            """, """
            From: eight@example.org
            Subject: Grüße in 8-bit
            Content-Type: text/plain; charset=utf-8

            raw UTF-8 header
            """, """
            From: huge-to@example.org
            Subject: huge to
            X-Filler: %s
            X-Filler: %s
            To: %s needle-in-huge-to
            Content-Type: text/plain

            small body
            """.formatted("word ".repeat(6_000), "word ".repeat(6_000), "someone@example.org, ".repeat(500)));

    private static TestClient connect(ImapServer server) throws Exception {
        TestClient c = TestClient.connect(server.imapAddress());
        c.greeting();
        return c;
    }
}
