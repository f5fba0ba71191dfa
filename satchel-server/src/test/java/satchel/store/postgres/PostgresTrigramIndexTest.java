package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.mime.MessageStructure;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.StoreFixture;
import satchel.store.TextQuery;
import satchel.store.sql.Schema;
import satchel.store.sql.SearchDocument;
import satchel.store.sql.SqlMailStore;
import satchel.store.sql.TrigramRuns;

/**
 * The trigram index is one GIN index over {@code (user_id, keys)} (issue 12), rows holding the (column, trigram) keys
 * of {@link TrigramKeys}; a migration replaced rows of text under pg_trgm (earlier releases). Each column is still
 * narrowed by the index, and a store indexed the old way gives every message as a candidate until the indexer has
 * rebuilt its rows, then the same candidates as before.
 */
class PostgresTrigramIndexTest extends StoreFixture {
    private static final String[] OLD_COLUMNS = {"h_subject", "h_from", "h_to", "h_cc", "h_bcc", "headers", "body"};
    private final List<NewMessage> filled = new ArrayList<>();

    @Override
    protected MailStore open(Path dir) throws Exception {
        return PostgresTestServer.open(dir);
    }

    private static NewMessage message(String from, String subject, String body) {
        String text = "From: " + from + "\r\nTo: bob@example.org\r\nSubject: " + subject + "\r\nX-Tracker: " + subject
                + "-tag\r\nMessage-ID: <" + (from + subject).hashCode() + "@example.org>\r\n\r\n" + body + "\r\n";
        return new NewMessage(text.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.parse("2026-12-06T10:00:00Z"));
    }

    /** Term to candidates, for terms of every scope and each dedicated header column. */
    private Map<String, Optional<Set<Long>>> candidates(MailboxId box) throws StoreException {
        Map<String, Optional<Set<Long>>> out = new LinkedHashMap<>();
        List<TextQuery> terms = List.of(TextQuery.body("quarterly"), TextQuery.body("straße"), TextQuery.text("walnut"),
                TextQuery.header("subject", "invoice"), TextQuery.header("from", "carol"), TextQuery.header("to", "bob"),
                TextQuery.header("cc", "nobody"), TextQuery.header("x-tracker", "lunch-tag"), TextQuery.body("zzzqqq"));
        for (TextQuery t : terms) out.put(t.scope() + " " + t.field() + " " + t.text(), mail.textCandidates(box, List.of(t)));
        out.put("two terms", mail.textCandidates(box, List.of(TextQuery.body("quarterly"), TextQuery.text("walnut"))));
        return out;
    }

    private void fill(MailboxId box) throws Exception {
        List<NewMessage> list = new ArrayList<>();
        String repeated = "the quarterly numbers are in the attachment. ".repeat(40);
        list.add(message("Alice <alice@example.org>", "invoice 42", repeated + "walnut"));
        list.add(message("Carol <carol@example.org>", "lunch", "Grüße aus der Straße, walnut cake"));
        list.add(message("Dave <dave@example.org>", "report", "nothing to see here"));
        list.add(message("Carol <carol@example.org>", "invoice 43", repeated));
        filled.addAll(list);
        append(box, list);
        assertThat(((SqlMailStore) store).awaitIndexed(Duration.ofSeconds(30))).isTrue();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:" + PostgresTestServer.url(dir), "postgres", null);
    }

    private Set<String> trigramIndexes() throws SQLException {
        Set<String> out = new java.util.TreeSet<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = 'search_index'"
                     + " AND indexdef LIKE '%gin%'")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** What every release since the one index gives for {@link #candidates} after {@link #fill}. */
    private static void expected(Map<String, Optional<Set<Long>>> got) {
        assertThat(got.get("BODY null quarterly")).contains(Set.of(1L, 4L));
        assertThat(got.get("BODY null straße")).contains(Set.of(2L));
        assertThat(got.get("TEXT null walnut")).contains(Set.of(1L, 2L));
        assertThat(got.get("HEADER subject invoice")).contains(Set.of(1L, 4L));
        assertThat(got.get("HEADER from carol")).contains(Set.of(2L, 4L));
        assertThat(got.get("HEADER to bob")).contains(Set.of(1L, 2L, 3L, 4L));
        assertThat(got.get("HEADER cc nobody")).contains(Set.of());
        assertThat(got.get("HEADER x-tracker lunch-tag")).contains(Set.of(2L));
        assertThat(got.get("BODY null zzzqqq")).contains(Set.of());
        assertThat(got.get("two terms")).contains(Set.of(1L));
    }

    @Test
    void oneIndexNarrowsEveryColumn() throws Exception {
        fill(inbox());
        assertThat(trigramIndexes()).containsExactly("search_keys");
        expected(candidates(inbox()));
        // A header term also finds its trigram where only a dedicated column's keys hold it (TEXT "subject: invoice").
        assertThat(mail.textCandidates(inbox(), List.of(TextQuery.text("subject: invoice")))).contains(Set.of(1L, 4L));
        assertThat(mail.textCandidates(inbox(), List.of(TextQuery.header("x-tracker", "invoice"))))
                .contains(Set.of(1L, 4L));
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            try (ResultSet rs = s.executeQuery("EXPLAIN SELECT blob_id FROM search_index WHERE user_id = 1"
                    + " AND keys @> ARRAY[1, 2]")) {
                StringBuilder plan = new StringBuilder();
                while (rs.next()) plan.append(rs.getString(1)).append('\n');
                assertThat(plan).contains("search_keys");
            }
        }
    }

    @Test
    void rowsOfTextAreRebuiltAsKeysWhileSearchStaysExact() throws Exception {
        MailboxId box = inbox();
        fill(box);
        store.close();
        List<String> migration = keysMigration();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            // What releases before the migration left: rows of text runs under one pg_trgm index, all indexed.
            s.execute("DROP TABLE search_index");
            s.execute("CREATE TABLE search_index (blob_id BIGINT PRIMARY KEY REFERENCES blobs(id), user_id BIGINT"
                    + " NOT NULL, " + String.join(", ", Arrays.stream(OLD_COLUMNS).map(col -> col + " TEXT NOT NULL")
                    .toList()) + ")");
            s.execute("CREATE INDEX search_trigrams ON search_index USING gin (user_id, " + String.join(", ",
                    Arrays.stream(OLD_COLUMNS).map(col -> col + " gin_trgm_ops").toList()) + ")");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO search_index SELECT m.blob_id, b.user_id"
                    + ", ?".repeat(OLD_COLUMNS.length) + " FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id"
                    + " WHERE m.uid = ?")) {
                for (int m = 0; m < filled.size(); m++) {
                    String[] doc = SearchDocument.of(MessageStructure.parse(filled.get(m).content()));
                    for (int i = 0; i < doc.length; i++) ps.setString(i + 1, TrigramRuns.of(doc[i], '\uFFFF'));
                    ps.setLong(doc.length + 1, m + 1);
                    assertThat(ps.executeUpdate()).isOne();
                }
            }
            for (String sql : migration) s.execute(sql);
        }
        try (Connection blocker = connect(); Statement s = blocker.createStatement()) {
            // The indexer cannot write a row while this is held; searches still read.
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE search_index IN EXCLUSIVE MODE");
            store = open(dir);
            mail = store.mail(store.user("alice").orElseThrow());
            assertThat(trigramIndexes()).containsExactly("search_keys");
            assertThat(((SqlMailStore) store).unindexedMessages()).isEqualTo(4);
            for (var e : candidates(box).entrySet()) {
                assertThat(e.getValue()).as(e.getKey()).contains(Set.of(1L, 2L, 3L, 4L));
            }
            blocker.commit();
        }
        assertThat(((SqlMailStore) store).awaitIndexed(Duration.ofSeconds(30))).isTrue();
        expected(candidates(box));
    }

    /** The migration's statements, found by what it creates rather than by its number (others may follow it). */
    private static List<String> keysMigration() {
        PostgresDialect d = new PostgresDialect("postgresql://unused/unused", "postgres", null);
        return Schema.migrations(d).stream().map(Schema.Migration::sql)
                .filter(sql -> sql.stream().anyMatch(s -> s.contains("search_keys"))).findFirst().orElseThrow();
    }
}
