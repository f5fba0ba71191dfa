package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.StoreFixture;
import satchel.store.TextQuery;
import satchel.store.sql.Schema;
import satchel.store.sql.SqlMailStore;

/**
 * The trigram index is one GIN index over every column of {@code search_index} (issue 12), built by a migration from
 * the seven per-column indexes of earlier releases; rows hold {@link satchel.store.sql.TrigramRuns} of the text. Each
 * column is still narrowed by the index, and a store indexed the old way gives the same candidates after the
 * migration as before it.
 */
class PostgresTrigramIndexTest extends StoreFixture {
    private static final String[] OLD_INDEXED = {"h_subject", "h_from", "h_to", "h_cc", "h_bcc", "headers", "body"};

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

    @Test
    void oneIndexNarrowsEveryColumn() throws Exception {
        fill(inbox());
        assertThat(trigramIndexes()).containsExactly("search_trigrams");
        Map<String, Optional<Set<Long>>> got = candidates(inbox());
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
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            try (ResultSet rs = s.executeQuery("EXPLAIN SELECT blob_id FROM search_index WHERE user_id = 1"
                    + " AND h_from LIKE '%car%'")) {
                StringBuilder plan = new StringBuilder();
                while (rs.next()) plan.append(rs.getString(1)).append('\n');
                assertThat(plan).contains("search_trigrams");
            }
        }
    }

    @Test
    void migrationReplacesThePerColumnIndexesWithTheSameCandidates() throws Exception {
        MailboxId box = inbox();
        fill(box);
        store.close();
        List<String> migration = oneIndexMigration();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            // What releases before the migration left: a GIN index per column, rows with the whole text.
            s.execute("DROP INDEX search_trigrams");
            for (String col : OLD_INDEXED) {
                s.execute("CREATE INDEX search_" + col + " ON search_index USING gin (user_id, " + col
                        + " gin_trgm_ops)");
            }
        }
        store = open(dir);
        mail = store.mail(store.user("alice").orElseThrow());
        assertThat(trigramIndexes()).hasSize(OLD_INDEXED.length);
        Map<String, Optional<Set<Long>>> before = candidates(box);
        store.close();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : migration) s.execute(sql);
        }
        store = open(dir);
        mail = store.mail(store.user("alice").orElseThrow());
        assertThat(trigramIndexes()).containsExactly("search_trigrams");
        assertThat(candidates(box)).isEqualTo(before);
        // Mail indexed after the migration (runs of its text) is found beside mail indexed before it (whole text).
        append(box, List.of(message("Erin <erin@example.org>", "walnut invoice", "quarterly walnut")));
        assertThat(((SqlMailStore) store).awaitIndexed(Duration.ofSeconds(30))).isTrue();
        assertThat(mail.textCandidates(box, List.of(TextQuery.body("quarterly"), TextQuery.text("walnut"))))
                .contains(Set.of(1L, 5L));
    }

    /** The migration's statements, found by what it creates rather than by its number (others may follow it). */
    private static List<String> oneIndexMigration() {
        PostgresDialect d = new PostgresDialect("postgresql://unused/unused", "postgres", null);
        return Schema.migrations(d).stream().map(Schema.Migration::sql)
                .filter(sql -> sql.stream().anyMatch(s -> s.contains("search_trigrams"))).findFirst().orElseThrow();
    }
}
