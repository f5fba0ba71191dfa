package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.Limit;
import satchel.store.MailboxId;
import satchel.store.MessageMeta;
import satchel.store.NewMessage;
import satchel.store.QuotaOverride;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.User;
import satchel.store.UserMail;

/**
 * A single-message APPEND on PostgreSQL is one statement and the COMMIT ({@code PipelinedAppend.ONE}, issue 12),
 * while several messages go through the three-statement path: both must leave the same rows behind (blob, structure,
 * search data, folded headers, preview, thread), and a refused single APPEND must leave none.
 */
class PostgresSingleAppendTest {
    @TempDir Path dir;
    private PostgresMailStore store;

    @AfterEach void close() {
        if (store != null) store.close();
    }

    private static NewMessage message(String subject, String messageId, String inReplyTo, Set<String> flags) {
        String headers = "Subject: " + subject + "\r\nFrom: Alice <alice@example.org>\r\nMessage-ID: <" + messageId
                + ">\r\n" + (inReplyTo == null ? "" : "In-Reply-To: <" + inReplyTo + ">\r\n");
        String text = headers + "\r\nHello there, a body long enough for a preview.\r\n";
        return new NewMessage(text.getBytes(StandardCharsets.UTF_8), flags, Instant.parse("2026-12-07T01:00:00Z"));
    }

    @Test void aSingleAppendWritesWhatABatchWrites() throws Exception {
        store = PostgresTestServer.open(dir);
        UserMail mail = store.mail(store.createUser("alice", "$hash$", null));
        MailboxId inbox = mail.find("INBOX").orElseThrow().id();
        mail.create("Batch", Set.of());
        MailboxId batch = mail.find("Batch").orElseThrow().id();

        NewMessage first = message("Lunch", "a@x", null, Set.of("$Important"));
        NewMessage reply = message("Re: Lunch", "b@x", "a@x", Set.of("\\Seen"));
        long one = mail.append(inbox, List.of(first)).getFirst().uid();
        long two = mail.append(inbox, List.of(reply)).getFirst().uid();
        assertThat(List.of(one, two)).containsExactly(1L, 2L);
        mail.append(batch, List.of(first, reply));

        assertThat(mail.snapshot(inbox).messages()).extracting(MessageMeta::flags)
                .containsExactlyElementsOf(mail.snapshot(batch).messages().stream().map(MessageMeta::flags).toList());
        assertThat(mail.keywords(inbox)).contains("$Important");
        try (Connection c = DriverManager.getConnection("jdbc:" + PostgresTestServer.url(dir), "postgres", null)) {
            List<List<String>> single = rows(c, inbox.value());
            List<List<String>> batched = rows(c, batch.value());
            assertThat(single).hasSize(2).isEqualTo(batched);
            // The reply joined the first message's thread, on both paths.
            assertThat(threads(c, inbox.value())).hasSize(2).containsOnly(threads(c, inbox.value()).getFirst());
            assertThat(threads(c, batch.value())).hasSize(2).containsOnly(threads(c, batch.value()).getFirst());
        }
    }

    @Test void aRefusedSingleAppendLeavesNoRows() throws Exception {
        store = PostgresTestServer.open(dir);
        User alice = store.createUser("alice", "$hash$", null);
        UserMail mail = store.mail(alice);
        MailboxId inbox = mail.find("INBOX").orElseThrow().id();
        store.setQuota(alice, new QuotaOverride(Optional.of(new Limit.AtMost(10)), Optional.empty()));
        try (Connection c = DriverManager.getConnection("jdbc:" + PostgresTestServer.url(dir), "postgres", null)) {
            long before = count(c);
            assertThatThrownBy(() -> mail.append(inbox, List.of(message("Big", "c@x", null, Set.of()))))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OVER_QUOTA));
            assertThat(count(c)).isEqualTo(before);
        }
        assertThat(mail.snapshot(inbox).messages()).isEmpty();
        assertThat(mail.status(inbox).uidNext()).isEqualTo(1); // no UID taken
        assertThat(store.quota(alice).messages()).isZero();
    }

    /**
     * Every refusal of a single APPEND (a message limit reached, whose answer names it; a mailbox deleted; one not
     * selectable) leaves no row and takes no UID: the transaction is rolled back after the one statement ran.
     */
    @Test void everyRefusedSingleAppendLeavesNoRowsAndTakesNoUid() throws Exception {
        store = PostgresTestServer.open(dir);
        User alice = store.createUser("alice", "$hash$", null);
        UserMail mail = store.mail(alice);
        MailboxId inbox = mail.find("INBOX").orElseThrow().id();
        mail.create("Gone", Set.of());
        MailboxId gone = mail.find("Gone").orElseThrow().id();
        mail.create("parent/child", Set.of());
        MailboxId parent = mail.find("parent").orElseThrow().id();
        mail.delete("parent"); // a parent with children stays, \Noselect
        store.setQuota(alice, new QuotaOverride(Optional.empty(), Optional.of(new Limit.AtMost(1))));
        assertThat(mail.append(inbox, List.of(message("One", "d@x", null, Set.of()))).getFirst().uid()).isEqualTo(1);
        mail.delete("Gone");
        try (Connection c = DriverManager.getConnection("jdbc:" + PostgresTestServer.url(dir), "postgres", null)) {
            long before = count(c);
            assertThatThrownBy(() -> mail.append(inbox, List.of(message("Two", "e@x", null, Set.of("\\Seen")))))
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.OVER_QUOTA);
                        assertThat(e.getMessage()).contains("at most 1 messages");
                    });
            store.setQuota(alice, QuotaOverride.NONE);
            assertThatThrownBy(() -> mail.append(gone, List.of(message("Three", "f@x", null, Set.of()))))
                    .isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> mail.append(parent, List.of(message("Four", "g@x", null, Set.of()))))
                    .isInstanceOf(StoreException.class);
            assertThat(count(c)).isEqualTo(before);
        }
        assertThat(mail.status(inbox).uidNext()).isEqualTo(2);
        assertThat(store.quota(alice).messages()).isEqualTo(1);
        assertThat(mail.append(inbox, List.of(message("Five", "h@x", null, Set.of()))).getFirst().uid()).isEqualTo(2);
    }

    /** Per message, in UID order: every derived row's content, without the blob numbers themselves. */
    private static List<List<String>> rows(Connection c, long mailbox) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT m.sys_flags, m.other_flags, m.size, m.internal_date, encode(b.content, 'hex'),
                       s.headers_truncated, encode(s.structure, 'hex'), encode(s.rendered, 'hex'),
                       encode(d.data, 'hex'), encode(h.data, 'hex'), p.preview
                FROM messages m JOIN blobs b ON b.id = m.blob_id JOIN structures s ON s.blob_id = m.blob_id
                JOIN search_data d ON d.blob_id = m.blob_id LEFT JOIN folded_headers h ON h.blob_id = m.blob_id
                LEFT JOIN previews p ON p.blob_id = m.blob_id
                WHERE m.mailbox_id = ? ORDER BY m.uid""")) {
            ps.setLong(1, mailbox);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] row = new String[11];
                    for (int i = 0; i < row.length; i++) row[i] = rs.getString(i + 1);
                    out.add(Arrays.asList(row));
                }
            }
        }
        return out;
    }

    private static List<Long> threads(Connection c, long mailbox) throws Exception {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.thread FROM messages m JOIN message_threads t"
                + " ON t.blob_id = m.blob_id WHERE m.mailbox_id = ? ORDER BY m.uid")) {
            ps.setLong(1, mailbox);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private static long count(Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM blobs) + (SELECT count(*) FROM"
                + " structures) + (SELECT count(*) FROM search_data) + (SELECT count(*) FROM message_threads)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
