package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.mime.FoldedSearch;
import satchel.store.Hold;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.TextCandidates;
import satchel.store.TextQuery;
import satchel.store.User;
import satchel.store.UserMail;

/**
 * Header SEARCH candidates read with their {@code folded_headers} rows in one statement ({@link
 * satchel.store.UserMail#headerCandidates}): the same candidates as {@code textCandidates}, the same rows as {@code
 * searchHeaders}, and no message missed where the watermark says every message below it is indexed in the user's
 * part ({@code search_indexed.gaps}).
 */
class HeaderCandidatesTest {
    @TempDir Path dir;
    SqliteMailStore store;
    User alice;
    UserMail mail;
    MailboxId inbox;

    @BeforeEach
    void open() throws Exception {
        store = SqliteMailStore.open(dir);
        alice = store.createUser("alice", "h", null);
        mail = store.mail(alice);
        inbox = mail.find("INBOX").orElseThrow().id();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static satchel.store.NewMessage msg(String subject) {
        return SqliteSearchIndexTest.msg(subject, "body of " + subject);
    }

    private TextCandidates subject(UserMail m, MailboxId box, String text) throws Exception {
        return m.headerCandidates(box, List.of(TextQuery.header("SUBJECT", text))).orElseThrow();
    }

    /** Both ways must agree; returns the header-row way. */
    private TextCandidates agreeing(UserMail m, MailboxId box, String text) throws Exception {
        TextCandidates c = subject(m, box, text);
        assertThat(c.uids()).isEqualTo(m.textCandidates(box, List.of(TextQuery.header("SUBJECT", text))).orElseThrow());
        Map<Long, FoldedSearch> expected = m.searchHeaders(box, List.copyOf(c.uids()));
        assertThat(c.headerRows()).isEqualTo(expected);
        return c;
    }

    private void indexed() throws Exception {
        assertThat(store.awaitIndexed(Duration.ofSeconds(30))).isTrue();
    }

    private long query(String sql, long... args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME));
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setLong(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private void exec(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME))) {
            c.createStatement().execute(sql);
        }
    }

    private long gaps(MailboxId box) throws Exception {
        return query("SELECT gaps FROM search_indexed WHERE mailbox_id = ?", box.value());
    }

    @Test
    void candidatesComeWithTheirRowsAndThoseWithoutOneStayCandidates() throws Exception {
        mail.append(inbox, List.of(msg("invoice one"), msg("lunch"), msg("invoice " + "y".repeat(70_000)),
                msg("invoice three")));
        indexed();
        exec("DELETE FROM folded_headers WHERE blob_id = (SELECT blob_id FROM messages WHERE uid = 4)");
        TextCandidates c = agreeing(mail, inbox, "invoice");
        // 3 kept its headers only in part (no row), 4 lost its row: both are candidates, answered from the structure.
        assertThat(c.uids()).containsExactly(1L, 3L, 4L);
        assertThat(c.headerRows()).containsOnlyKeys(1L);
        assertThat(c.headerRows().get(1L).header("subject", "invoice one")).isTrue();
        assertThat(gaps(inbox)).isZero();
    }

    @Test
    void theUnindexedTailIsEveryMessageAboveTheWatermark() throws Exception {
        mail.append(inbox, List.of(msg("invoice early"), msg("other")));
        indexed();
        store.pauseIndexer(true);
        mail.append(inbox, List.of(msg("invoice late"), msg("unrelated late")));
        TextCandidates c = agreeing(mail, inbox, "invoice");
        assertThat(c.uids()).containsExactly(1L, 3L, 4L); // 3 and 4 not indexed yet: candidates, with their rows
        assertThat(c.headerRows()).containsOnlyKeys(1L, 3L, 4L);
        store.pauseIndexer(false);
        indexed();
        assertThat(agreeing(mail, inbox, "invoice").uids()).containsExactly(1L, 3L);
    }

    @Test
    void otherUsersMailIsNeverACandidate() throws Exception {
        User bob = store.createUser("bob", "h", null);
        UserMail bobMail = store.mail(bob);
        MailboxId bobInbox = bobMail.find("INBOX").orElseThrow().id();
        for (int i = 0; i < 10; i++) bobMail.append(bobInbox, List.of(msg("invoice for bob " + i)));
        mail.append(inbox, List.of(msg("lunch"), msg("invoice for alice")));
        indexed();
        assertThat(agreeing(mail, inbox, "invoice").uids()).containsExactly(2L);
        assertThat(agreeing(mail, inbox, "for bob").uids()).isEmpty();
        assertThat(agreeing(bobMail, bobInbox, "alice").uids()).isEmpty();
        assertThat(agreeing(bobMail, bobInbox, "invoice").uids()).hasSize(10);
    }

    /**
     * One delivery to several users keeps one blob, indexed in the part of the user whose mailbox the indexer reached
     * first only: the other's mailbox gets gaps, and its copy stays a candidate of every search (the exact check
     * decides), as it always was.
     */
    @Test
    void aBlobDeliveredToSeveralUsersStaysACandidateForTheOthers() throws Exception {
        User bob = store.createUser("bob", "h", null);
        User carol = store.createUser("carol", "h", null);
        UserMail bobMail = store.mail(bob), carolMail = store.mail(carol);
        MailboxId bobInbox = bobMail.find("INBOX").orElseThrow().id();
        MailboxId carolInbox = carolMail.find("INBOX").orElseThrow().id();
        carolMail.append(carolInbox, List.of(msg("invoice of carol's own")));
        store.deliver(List.of(new MailStore.Target(alice, inbox), new MailStore.Target(bob, bobInbox)),
                msg("shared invoice"));
        mail.append(inbox, List.of(msg("after")));
        bobMail.append(bobInbox, List.of(msg("after")));
        indexed();
        assertThat(query("SELECT COUNT(DISTINCT blob_id) FROM messages WHERE uid = 1 AND mailbox_id IN (?, ?)",
                inbox.value(), bobInbox.value())).isEqualTo(1);
        boolean aliceOwns = query("SELECT o.user_id FROM search_owners o JOIN messages m ON m.blob_id = o.blob_id"
                + " WHERE m.mailbox_id = ? AND m.uid = 1", inbox.value()) == alice.id().value();
        UserMail owner = aliceOwns ? mail : bobMail, other = aliceOwns ? bobMail : mail;
        MailboxId ownerBox = aliceOwns ? inbox : bobInbox, otherBox = aliceOwns ? bobInbox : inbox;
        assertThat(gaps(ownerBox)).isZero();
        assertThat(gaps(otherBox)).isEqualTo(1);
        assertThat(gaps(carolInbox)).isZero();
        assertThat(agreeing(owner, ownerBox, "invoice").uids()).containsExactly(1L);
        assertThat(agreeing(other, otherBox, "invoice").uids()).containsExactly(1L);
        // The other copy has no row in its user's part: a candidate whatever the term.
        assertThat(agreeing(other, otherBox, "after").uids()).containsExactly(1L, 2L);
        assertThat(agreeing(owner, ownerBox, "after").uids()).containsExactly(2L);
        assertThat(agreeing(carolMail, carolInbox, "shared").uids()).isEmpty();
    }

    @Test
    void expungedMessagesASessionStillShowsAreCandidates() throws Exception {
        mail.append(inbox, List.of(msg("invoice kept"), msg("invoice expunged"), msg("other")));
        indexed();
        try (Hold hold = store.hold(inbox, mail.status(inbox).highestModSeq())) {
            mail.expunge(inbox, List.of(2L));
            TextCandidates c = subject(mail, inbox, "invoice");
            assertThat(c.uids()).containsExactly(1L, 2L);
            // The expunged one's row is not read with the candidates; searchHeaders still has it (RFC 2180 §4.2.1).
            assertThat(mail.searchHeaders(inbox, List.of(2L)).get(2L).header("subject", "invoice expunged")).isTrue();
        }
    }

    /**
     * Migration 13 finds the gaps already there: a copy delivered to several users before it. Since 17 rebuilds the
     * index from no watermark, the indexer finds them again, in whichever user's part it indexes the copy first.
     */
    @Test
    void theMigrationMarksMailboxesWithGaps() throws Exception {
        User bob = store.createUser("bob", "h", null);
        MailboxId bobInbox = store.mail(bob).find("INBOX").orElseThrow().id();
        store.deliver(List.of(new MailStore.Target(alice, inbox), new MailStore.Target(bob, bobInbox)),
                msg("shared invoice"));
        mail.append(inbox, List.of(msg("alice's own")));
        indexed();
        long before = gaps(inbox) + 2 * gaps(bobInbox);
        assertThat(before).isIn(1L, 2L); // exactly one of the two
        store.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME))) {
            SchemaRollback.to(c.createStatement(), 12);
        }
        store = SqliteMailStore.open(dir);
        indexed();
        long after = gaps(inbox) + 2 * gaps(bobInbox);
        assertThat(after).isIn(1L, 2L);
        MailboxId otherBox = after == 1 ? inbox : bobInbox;
        UserMail other = store.mail(store.user(after == 1 ? "alice" : "bob").orElseThrow());
        assertThat(agreeing(other, otherBox, "nothing like it").uids()).containsExactly(1L);
    }

    /** The candidates walk the matching blobs, not the mailbox: a plan check, so the fast path cannot quietly go. */
    @Test
    void matchingBlobsAreLookedUpNotTheMailboxScanned() throws Exception {
        mail.append(inbox, List.of(msg("invoice")));
        indexed();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME));
             PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + Fts5Index.candidatesSql(true))) {
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) plan.append(rs.getString(4)).append('\n');
            }
            assertThat(plan.toString()).contains("VIRTUAL TABLE INDEX").contains("USING COVERING INDEX messages_blob")
                    .doesNotContain("SCAN m");
        }
    }
}
