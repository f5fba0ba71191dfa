package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.Await;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.User;
import satchel.store.UserMail;

/**
 * Round trips cut on PostgreSQL (issue 12), checked where the contract tests cannot see them: APPEND's target
 * remembered by the session and checked by name in the statement that takes the UID, and an unused blob dropped with
 * all its rows in one statement.
 */
class PostgresRoundTripsTest {
    @TempDir Path dir;
    private PostgresMailStore store;

    @AfterEach void close() {
        if (store != null) store.close();
    }

    private static NewMessage message(String subject) {
        String text = "Subject: " + subject + "\r\nFrom: Alice <alice@example.org>\r\nMessage-ID: <" + subject
                + "@x>\r\n\r\nHello there, a body long enough for a preview.\r\n";
        return new NewMessage(text.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.parse("2026-12-07T13:00:00Z"));
    }

    /** The session's remembered target is stale after another node's RENAME: nothing may go where it points now. */
    @Test void aRememberedTargetIsCheckedByNameWhenWritten() throws Exception {
        store = PostgresTestServer.open(dir);
        User alice = store.createUser("alice", "$hash$", null);
        UserMail mail = store.mail(alice);
        try (PostgresMailStore node2 = PostgresTestServer.open(dir)) {
            UserMail other = node2.mail(node2.user("alice").orElseThrow());
            mail.create("Notes", Set.of());
            MailboxInfo notes = mail.appendTarget("Notes").orElseThrow();
            mail.appendLater(notes, List.of(message("one"))).await();
            other.rename("Notes", "Kept");
            MailboxId archive = other.find("Kept").orElseThrow().id();
            assertThat(archive).isEqualTo(notes.id());
            try (Connection c = DriverManager.getConnection("jdbc:" + PostgresTestServer.url(dir), "postgres", null)) {
                long rows = rows(c);
                // Remembered, not looked up again (the round trip this saves): still the renamed mailbox's id.
                MailboxInfo stale = mail.appendTarget("Notes").orElseThrow();
                assertThat(stale.id()).isEqualTo(archive);
                for (List<NewMessage> batch : List.of(List.of(message("two")), List.of(message("3"), message("4")))) {
                    StoreException e = catchThrowableOfType(StoreException.class,
                            () -> mail.appendLater(stale, batch).await());
                    assertThat(e).isNotNull();
                    assertThat(e.kind()).isEqualTo(Kind.TRYCREATE);
                }
                assertThat(rows(c)).isEqualTo(rows); // no blob, no message row left behind
                assertThat(mail.appendTarget("Notes")).isEmpty(); // forgotten once found stale
                // A mailbox of that name again (a new id): the next APPEND goes there.
                MailboxId notesAgain = other.create("Notes", Set.of()).id();
                MailboxInfo fresh = mail.appendTarget("Notes").orElseThrow();
                assertThat(fresh.id()).isEqualTo(notesAgain);
                mail.appendLater(fresh, List.of(message("five"))).await();
                other.delete("Notes");
                other.create("Notes", Set.of());
                // Deleted and created again behind the remembered id: stored in the new one, found by name.
                assertThat(mail.appendLater(fresh, List.of(message("six"))).await().getFirst().uid()).isEqualTo(1);
                MailboxId newest = other.find("Notes").orElseThrow().id();
                assertThat(mail.snapshot(newest).messages()).hasSize(1);
                assertThat(mail.snapshot(archive).messages()).hasSize(1);
            }
        }
    }

    /** What dropping a blob must leave: none of its rows in any table, and a blob still used keeps all of its own. */
    @Test void anUnusedBlobGoesWithEveryRowAndAUsedOneStays() throws Exception {
        store = PostgresTestServer.open(dir);
        UserMail mail = store.mail(store.createUser("alice", "$hash$", null));
        MailboxId inbox = mail.find("INBOX").orElseThrow().id();
        MailboxId other = mail.create("Other", Set.of()).id();
        mail.append(inbox, List.of(message("kept"), message("dropped")));
        try (Connection c = DriverManager.getConnection("jdbc:" + PostgresTestServer.url(dir), "postgres", null)) {
            long kept = blob(c, inbox, 1), dropped = blob(c, inbox, 2);
            Await.untilPasses(Duration.ofSeconds(10), () -> assertThat(rowsOf(c, kept)).isEqualTo(7));
            Await.untilPasses(Duration.ofSeconds(10), () -> assertThat(rowsOf(c, dropped)).isEqualTo(7));
            mail.copy(inbox, List.of(1L), other);
            mail.expunge(inbox, List.of(1L, 2L));
            Await.untilPasses(Duration.ofSeconds(30), () -> assertThat(rowsOf(c, dropped)).isZero());
            assertThat(rowsOf(c, kept)).isEqualTo(7);
            mail.expunge(other, List.of(1L));
            Await.untilPasses(Duration.ofSeconds(30), () -> assertThat(rowsOf(c, kept)).isZero());
        }
    }

    /**
     * The one-statement drop names its tables: a table keyed by {@code blob_id} added later must be named there and in
     * {@link #BLOB_ROW_TABLES}, or its rows would outlive their blob. Messages and retained rows keep a blob alive.
     */
    @Test void everyTableKeyedByABlobIsOneTheDropNames() throws Exception {
        store = PostgresTestServer.open(dir);
        try (Connection c = DriverManager.getConnection("jdbc:" + PostgresTestServer.url(dir), "postgres", null);
             PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.columns"
                     + " WHERE table_schema = current_schema() AND column_name = 'blob_id'");
             ResultSet rs = ps.executeQuery()) {
            Set<String> keyed = new TreeSet<>();
            while (rs.next()) keyed.add(rs.getString(1));
            keyed.removeAll(Set.of("messages", "retained"));
            assertThat(keyed).containsExactlyInAnyOrderElementsOf(BLOB_ROW_TABLES.subList(1, BLOB_ROW_TABLES.size()));
        }
    }

    /** The blob and the tables of its derived rows, which {@code Contents.dropUnused} deletes in one statement. */
    private static final List<String> BLOB_ROW_TABLES = List.of("blobs", "structures", "search_data", "folded_headers",
            "previews", "message_threads", "search_index");

    private static long blob(Connection c, MailboxId box, long uid) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT blob_id FROM messages WHERE mailbox_id = ? AND uid = ?")) {
            ps.setLong(1, box.value());
            ps.setLong(2, uid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Rows of {@code blob} in the seven tables keyed by it (the blob itself included). */
    private static long rowsOf(Connection c, long blob) throws Exception {
        StringBuilder sql = new StringBuilder("SELECT 0");
        for (String t : BLOB_ROW_TABLES) {
            sql.append(" + (SELECT count(*) FROM ").append(t).append(" WHERE ")
                    .append(t.equals("blobs") ? "id" : "blob_id").append(" = ?)");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 1; i <= BLOB_ROW_TABLES.size(); i++) ps.setLong(i, blob);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long rows(Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM blobs) + (SELECT count(*) FROM"
                + " messages) + (SELECT count(*) FROM structures)"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
