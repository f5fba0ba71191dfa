package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

/**
 * SQLite keeps new search text in zlib's stored blocks (issue 11: deflating it was 7–8 % of an APPEND's CPU); mail
 * stored deflated by earlier builds stays as it is, and both kinds answer SEARCH and the header loads alike.
 */
class SqliteSearchTextTest {
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
