package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.mime.MessageStructure;
import satchel.mime.SearchFold;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.TextQuery;
import satchel.store.UserMail;
import satchel.store.sql.Derived;
import satchel.store.sql.Schema;
import satchel.store.sql.SearchDocument;

/** The SQLite full-text index: filled with the message, gone with the blob, durable, migrated into. */
class SqliteSearchIndexTest {
    @TempDir Path dir;
    SqliteMailStore store;
    UserMail mail;
    MailboxId inbox;

    @BeforeEach
    void open() throws Exception {
        store = SqliteMailStore.open(dir);
        mail = store.mail(store.createUser("alice", "h", null));
        inbox = mail.find("INBOX").orElseThrow().id();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static NewMessage msg(String subject, String body) {
        String text = "From: Ann <ann@example.org>\r\nTo: bob@example.net\r\nSubject: " + subject
                + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
        return new NewMessage(text.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.parse("2026-01-01T00:00:00Z"));
    }

    private Optional<Set<Long>> body(String text) throws Exception {
        return candidates(inbox, TextQuery.body(text));
    }

    /** Candidates once the background indexer has caught up (before, unindexed mail is always a candidate). */
    private Optional<Set<Long>> candidates(MailboxId box, TextQuery... terms) throws Exception {
        indexed();
        return mail.textCandidates(box, List.of(terms));
    }

    private void indexed() throws Exception {
        assertThat(store.awaitIndexed(java.time.Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void candidatesComeFromTheIndexCaseInsensitivelyIncludingUnicode() throws Exception {
        mail.append(inbox, List.of(msg("Quarterly report", "Grüße aus der STRASSE"), msg("lunch", "ΟΔΟΣ and İstanbul"),
                msg("other", "nothing here")));
        assertThat(body("straße")).contains(Set.of(1L));
        assertThat(body("grüSSe")).contains(Set.of(1L));
        assertThat(body("οδος")).contains(Set.of(2L));
        assertThat(body("istanbul")).contains(Set.of()); // İ folds to "i\u0307", so the exact check says no too
        assertThat(body("İstanbul")).contains(Set.of(2L));
        assertThat(candidates(inbox, TextQuery.header("SUBJECT", "QUARTER"))).contains(Set.of(1L));
        assertThat(candidates(inbox, TextQuery.header("From", "ann@"))).contains(Set.of(1L, 2L, 3L));
        assertThat(candidates(inbox, TextQuery.text("subject: lunch"))).contains(Set.of(2L));
        assertThat(candidates(inbox, TextQuery.body("nothing"), TextQuery.header("subject", "oth")))
                .contains(Set.of(3L));
        assertThat(candidates(inbox, TextQuery.body("nothing"), TextQuery.header("subject", "lun")))
                .contains(Set.of());
    }

    @Test
    void shortTermsDoNotNarrow() throws Exception {
        mail.append(inbox, List.of(msg("ab", "cd")));
        assertThat(body("c")).isEmpty();
        assertThat(body("cd")).isEmpty();
        assertThat(body("")).isEmpty();
        // a short term beside a long one: the long one still narrows
        assertThat(candidates(inbox, TextQuery.body("cd"), TextQuery.header("subject", "zzz")))
                .contains(Set.of());
    }

    @Test
    void expungeRemovesIndexRowsOnlyWhenTheLastCopyGoes() throws Exception {
        MailboxId other = mail.create("Other", Set.of()).id();
        mail.append(inbox, List.of(msg("xylophone", "xylophone"), msg("keep", "keep me")));
        mail.copy(inbox, List.of(1L), other);
        mail.expunge(inbox, List.of(1L));
        assertThat(body("xylophone")).contains(Set.of());
        assertThat(candidates(other, TextQuery.body("xylophone"))).contains(Set.of(1L));
        assertThat(rows("search_data")).isEqualTo(2);
        mail.expunge(other, List.of(1L));
        assertThat(candidates(other, TextQuery.body("xylophone"))).contains(Set.of());
        assertThat(rows("search_data")).isEqualTo(1);
        assertThat(rows("structures")).isEqualTo(1);
        assertThat(indexHits("xylophone")).isZero();
        assertThat(indexHits("keep me")).isEqualTo(1);
        mail.delete("Other");
        store.deleteUser("alice");
        assertThat(rows("search_data") + rows("structures") + rows("blobs") + indexHits("keep me")).isZero();
    }

    @Test
    void theIndexSurvivesARestart() throws Exception {
        mail.append(inbox, List.of(msg("durable", "kept across restarts")));
        store.close();
        store = SqliteMailStore.open(dir);
        mail = store.mail(store.user("alice").orElseThrow());
        assertThat(body("ACROSS restarts")).contains(Set.of(1L));
        assertThat(mail.structures(inbox, List.of(1L)).get(1L).foldedSearch().text()).contains("kept across restarts");
    }

    @Test
    void fetchStructuresLeaveTheSearchTextOut() throws Exception {
        mail.append(inbox, List.of(msg("s", "body text")));
        MessageStructure lean = mail.fetchStructures(inbox, List.of(1L)).get(1L);
        MessageStructure full = mail.structures(inbox, List.of(1L)).get(1L);
        assertThat(lean.hasFoldedSearch()).isFalse();
        assertThat(full.foldedSearch().text()).contains("body text");
        assertThat(lean).isEqualTo(full.withoutSearchData());
    }

    /**
     * A HEADER SEARCH loads the header fields only, inflating no further than they go: the same fields the whole
     * load has, also past the first prefix tried (a 40 KB header) and in a message whose body is long.
     */
    @Test
    void headerLoadsHoldTheHeaderFieldsOnly() throws Exception {
        mail.append(inbox, List.of(msg("Grüße aus Köln", "body text"), msg("long", "x".repeat(200_000)),
                msg("huge " + "y".repeat(40_000) + " end", "tail")));
        List<Long> uids = List.of(1L, 2L, 3L);
        Map<Long, MessageStructure> full = mail.structures(inbox, uids);
        Map<Long, MessageStructure> headers = mail.headerStructures(inbox, uids);
        assertThat(headers).containsOnlyKeys(uids);
        for (long uid : uids) {
            assertThat(headers.get(uid).foldedSearch().headers()).isEqualTo(full.get(uid).foldedSearch().headers());
            assertThat(headers.get(uid).withoutSearchData()).isEqualTo(full.get(uid).withoutSearchData());
            assertThatThrownBy(() -> headers.get(uid).foldedSearch().body("x")).isInstanceOf(IllegalStateException.class);
        }
        assertThat(headers.get(1L).foldedSearch().header("subject", "grüsse")).isTrue();
        assertThat(headers.get(3L).foldedSearch().header("SUBJECT", "y end")).isTrue();
    }

    @Test
    void theIndexMergesSixteenSegmentsAtATime() throws Exception {
        assertThat(query("SELECT v FROM search_index_config WHERE k = 'automerge'")).isEqualTo(16);
    }

    @Test
    void sparseAndDenseStructureLoadsAgree() throws Exception {
        for (int i = 0; i < 30; i++) mail.append(inbox, List.of(msg("m" + i, "text " + i)));
        List<Long> sparse = List.of(1L, 15L, 30L, 99L);
        assertThat(mail.structures(inbox, sparse)).containsOnlyKeys(1L, 15L, 30L);
        assertThat(mail.structures(inbox, sparse).get(15L).foldedSearch().text()).contains("text 14");
        assertThat(mail.fetchStructures(inbox, List.of(2L, 3L, 4L))).containsOnlyKeys(2L, 3L, 4L);
    }

    @Test
    void aVersionOneDatabaseIsMigratedAndIndexed() throws Exception {
        store.close();
        Path old = dir.resolve("old");
        java.nio.file.Files.createDirectories(old);
        byte[] good = msg("migrated subject", "text from before the index").content();
        byte[] damaged = msg("reparsed", "structure column unreadable").content();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve(SqliteMailStore.FILE_NAME));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            for (String sql : Schema.migrations(new SqliteDialect(null, 0, 0)).getFirst().sql()) s.execute(sql);
            s.execute("INSERT INTO schema_version VALUES (1)");
            s.execute("INSERT INTO users (id, name, password_hash) VALUES (1, 'old', 'h')");
            s.execute("INSERT INTO mailboxes VALUES (1, 1, 'INBOX', 7, 3, 2, 1, 1, '')");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO blobs (id, content, structure) VALUES (?, ?, ?)")) {
                ps.setLong(1, 1);
                ps.setBytes(2, good);
                ps.setBytes(3, MessageStructure.parse(good).toBytes());
                ps.executeUpdate();
                ps.setLong(1, 2);
                ps.setBytes(2, damaged);
                ps.setBytes(3, new byte[] {9, 9, 9});
                ps.executeUpdate();
            }
            s.execute("INSERT INTO messages VALUES (1, 1, 2, 2, 0, '', " + good.length + ", 0, 1),"
                    + " (1, 2, 2, 2, 0, '', " + damaged.length + ", 0, 2)");
        }
        store = SqliteMailStore.open(old);
        mail = store.mail(store.user("old").orElseThrow());
        inbox = mail.find("INBOX").orElseThrow().id();
        assertThat(body("before the index")).contains(Set.of(1L));
        assertThat(body("column unreadable")).contains(Set.of(2L));
        assertThat(mail.fetchStructures(inbox, List.of(1L, 2L)).get(2L).envelope().subject()).isEqualTo("reparsed");
        MessageStructure loaded = mail.structures(inbox, List.of(1L)).get(1L);
        assertThat(loaded.withoutSearchData()).isEqualTo(MessageStructure.parse(good).withoutSearchData());
        assertThat(loaded.foldedSearch()).isEqualTo(MessageStructure.parse(good).foldedSearch());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve(SqliteMailStore.FILE_NAME));
             ResultSet rs = c.createStatement().executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(Schema.migrations(new SqliteDialect(null, 0, 0)).size());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve(SqliteMailStore.FILE_NAME));
             ResultSet rs = c.createStatement().executeQuery("SELECT v FROM search_index_config WHERE k = 'automerge'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(16);
        }
        // new appends after the migration are indexed as usual
        mail.append(inbox, List.of(msg("after", "appended after migration")));
        assertThat(body("after migration")).contains(Set.of(3L));
    }

    private long rows(String table) throws Exception {
        indexed();
        return query("SELECT COUNT(*) FROM " + table);
    }

    private long indexHits(String text) throws Exception {
        indexed();
        return query("SELECT COUNT(*) FROM search_index WHERE search_index MATCH '" + matchAll(text) + "'");
    }

    /**
     * An FTS5 query for every trigram of {@code text} the index keeps (none with a space), each as the index's word for
     * it in any column.
     */
    static String matchAll(String text) {
        return Fts5Index.clause(SearchDocument.COLUMNS, SearchDocument.trigrams(text, true));
    }

    private long query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME));
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Version 3 folds the search data written by version 2; searching it then needs no folding. */
    @Test
    void aVersionTwoDatabaseHasItsSearchDataFolded() throws Exception {
        NewMessage m = msg("Grüße", "STRASSE und ΟΔΟΣ, Tab\tEnd");
        mail.append(inbox, List.of(m));
        MessageStructure parsed = MessageStructure.parse(m.content());
        store.close();
        String url = "jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME);
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("UPDATE search_data SET data = ?")) {
            ps.setBytes(1, Derived.deflate(parsed.searchDataBytes())); // as version 2 wrote it
            ps.executeUpdate();
            SchemaRollback.to(c.createStatement(), 2);
        }
        store = SqliteMailStore.open(dir);
        mail = store.mail(store.user("alice").orElseThrow());
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.createStatement().executeQuery("SELECT data FROM search_data")) {
            rs.next();
            assertThat(satchel.mime.FoldedSearch.isFolded(Derived.inflate(rs.getBytes(1)))).isTrue();
        }
        MessageStructure loaded = mail.structures(inbox, List.of(1L)).get(1L);
        assertThat(loaded.foldedSearch()).isEqualTo(parsed.foldedSearch());
        assertThat(loaded.foldedSearch().body(satchel.mime.SearchFold.fold("Straße und ΟΔΟΣ"))).isTrue();
        assertThat(loaded.foldedSearch().header("subject", satchel.mime.SearchFold.fold("GRÜSSE"))).isTrue();
    }

    /** Rows the index layer returns for {@code user}'s MATCH, and the plan SQLite chose for it. */
    private List<Long> indexRows(long user, String match) throws Exception {
        indexed();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME));
             PreparedStatement ps = c.prepareStatement(Fts5Index.MATCHING)) {
            Fts5Index.bindMatching(ps, 1, user, match);
            List<Long> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
            return out;
        }
    }

    private List<Long> blobsOf(long user) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME));
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT m.blob_id FROM messages m JOIN mailboxes b"
                     + " ON b.id = m.mailbox_id WHERE b.user_id = ? ORDER BY 1")) {
            ps.setLong(1, user);
            List<Long> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
            return out;
        }
    }

    /**
     * A shared index let one user's search time depend on other users' mail. Each user's rows now live in a rowid
     * range of their own, and the MATCH itself is bounded by it: the index never hands back another user's row.
     */
    @Test
    void theIndexOnlyEverConsidersTheSearchingUsersRows() throws Exception {
        var bobUser = store.createUser("bob", "h", null);
        UserMail bob = store.mail(bobUser);
        MailboxId bobInbox = bob.find("INBOX").orElseThrow().id();
        for (int i = 0; i < 20; i++) bob.append(bobInbox, List.of(msg("bob " + i, "the secret needle word")));
        mail.append(inbox, List.of(msg("mine", "a needle of my own"), msg("other", "nothing to find")));
        long alice = store.user("alice").orElseThrow().id().value();
        String needle = matchAll("needle");

        assertThat(indexRows(alice, needle)).containsExactly(blobsOf(alice).getFirst());
        assertThat(indexRows(bobUser.id().value(), needle)).hasSize(20).isSubsetOf(blobsOf(bobUser.id().value()));
        assertThat(body("needle")).contains(Set.of(1L));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME));
             PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + Fts5Index.MATCHING)) {
            Fts5Index.bindMatching(ps, 1, alice, needle);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) plan.append(rs.getString(4)).append('\n');
            }
            // FTS5 took the MATCH and both rowid bounds as its own constraints (M, >, <): no filter after the scan.
            assertThat(plan.toString()).contains("VIRTUAL TABLE INDEX").contains("M").contains("<").contains(">");
        }
        // Deleting a user's mail takes its rows out of the index and the owner table.
        store.deleteUser("bob");
        assertThat(indexRows(bobUser.id().value(), needle)).isEmpty();
        assertThat(rows("search_owners")).isEqualTo(2);
    }

    /** Version 5 rebuilds a version 3 index (rowid = blob id, all users mixed) into per-user rowid ranges. */
    @Test
    void aVersionThreeIndexIsSplitByUser() throws Exception {
        var bobUser = store.createUser("bob", "h", null);
        UserMail bob = store.mail(bobUser);
        bob.append(bob.find("INBOX").orElseThrow().id(), List.of(msg("b", "shared needle")));
        mail.append(inbox, List.of(msg("a", "shared needle"), msg("c", "nothing")));
        store.close();
        String url = "jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE search_index");
            s.execute(Fts5Index.CREATE_TRIGRAMS);
            s.execute("INSERT INTO search_index (rowid, body) SELECT blob_id, 'shared needle' FROM search_data");
            s.execute("DROP TABLE search_owners");
            SchemaRollback.to(s, 3);
        }
        store = SqliteMailStore.open(dir);
        mail = store.mail(store.user("alice").orElseThrow());
        long alice = store.user("alice").orElseThrow().id().value();
        String needle = matchAll("needle");
        assertThat(indexRows(alice, needle)).containsExactly(blobsOf(alice).getFirst());
        assertThat(indexRows(bobUser.id().value(), needle)).containsExactlyElementsOf(blobsOf(bobUser.id().value()));
        assertThat(body("needle")).contains(Set.of(1L));
        assertThat(body("nothing")).contains(Set.of(2L));
        assertThat(rows("search_owners")).isEqualTo(3);
    }

    private Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME));
    }

    private byte[] searchData(long blobId) throws Exception {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("SELECT data FROM search_data WHERE blob_id = ?")) {
            ps.setLong(1, blobId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBytes(1);
            }
        }
    }

    /** SQLite keeps new search text in zlib's stored blocks (issue 11: deflating it was 7–8 % of an APPEND's CPU). */
    @Test
    void newSearchTextIsStoredUncompressedAndReadsAsBefore() throws Exception {
        NewMessage m = msg("Grüße aus Köln", "STRASSE und ΟΔΟΣ " + "lorem ipsum ".repeat(10_000));
        mail.append(inbox, List.of(m));
        MessageStructure parsed = MessageStructure.parse(m.content());
        byte[] row = searchData(1);
        assertThat(row[2] & 0x06).as("first block's type: stored").isZero();
        byte[] folded = parsed.foldedSearch().toBytes();
        assertThat(row.length).isGreaterThan(folded.length); // highly compressible, yet not compressed
        assertThat(Derived.inflate(row)).isEqualTo(folded);

        MessageStructure loaded = mail.structures(inbox, List.of(1L)).get(1L);
        assertThat(loaded.foldedSearch()).isEqualTo(parsed.foldedSearch());
        assertThat(mail.headerStructures(inbox, List.of(1L)).get(1L).foldedSearch().headers())
                .isEqualTo(parsed.foldedSearch().headers());
    }

    /** Mail stored deflated by earlier builds stays so, and answers SEARCH and the header loads alike. */
    @Test
    void deflatedSearchTextOfEarlierBuildsIsStillSearched() throws Exception {
        mail.append(inbox, List.of(msg("old one", "Grüße aus der STRASSE"), msg("new one", "ΟΔΟΣ and straße")));
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("UPDATE search_data SET data = ? WHERE blob_id = 1")) {
            ps.setBytes(1, Derived.deflate(Derived.inflate(searchData(1)))); // as builds before this one wrote it
            ps.executeUpdate();
        }
        assertThat(searchData(1)[2] & 0x06).as("deflated").isNotZero();
        assertThat(searchData(2)[2] & 0x06).as("stored").isZero();

        Map<Long, MessageStructure> both = mail.structures(inbox, List.of(1L, 2L));
        assertThat(both.get(1L).foldedSearch().body(SearchFold.fold("straße"))).isTrue();
        assertThat(both.get(2L).foldedSearch().body(SearchFold.fold("straße"))).isTrue();
        assertThat(both.get(2L).foldedSearch().body(SearchFold.fold("οδος"))).isTrue();
        Map<Long, MessageStructure> headers = mail.headerStructures(inbox, List.of(1L, 2L));
        assertThat(headers.get(1L).foldedSearch().header("subject", "old")).isTrue();
        assertThat(headers.get(2L).foldedSearch().header("subject", "new")).isTrue();
        assertThat(store.awaitIndexed(Duration.ofSeconds(30))).isTrue();
        assertThat(mail.textCandidates(inbox, List.of(TextQuery.body("strasse")))).contains(Set.of(1L, 2L));
    }
}
