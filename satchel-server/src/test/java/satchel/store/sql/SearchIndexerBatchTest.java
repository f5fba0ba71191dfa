package satchel.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.TextQuery;
import satchel.store.UserMail;
import satchel.store.sqlite.SqliteMailStore;

/**
 * The SQLite indexer's batches take several mailboxes' (and users') backlogs at once, up to {@link
 * SearchIndexer#BATCH} messages (issue 11: a write of a few rows costs about as much as one of 64).
 */
class SearchIndexerBatchTest {
    @TempDir Path dir;

    @Test
    void backlogsOfSeveralMailboxesAndUsersShareOneBatch() throws Exception {
        assertThat(writesToIndex(5)).isEqualTo(1);
    }

    @Test
    void aBatchHoldsAtMostBatchMessagesOverAllMailboxes() throws Exception {
        assertThat(writesToIndex(40)).isEqualTo((160 + SearchIndexer.BATCH - 1) / SearchIndexer.BATCH);
    }

    /**
     * Appends {@code perBox} messages to each of the four mailboxes with the indexer paused, lets it catch up, checks
     * every message is found by the index in its own mailbox, and returns how many writes the catch-up took.
     */
    private long writesToIndex(int perBox) throws Exception {
        try (SqliteMailStore store = SqliteMailStore.open(dir)) {
            List<Box> boxes = boxes(store);
            store.pauseIndexer(true);
            for (Box b : boxes) b.append(perBox);
            long before = ((SqlMailStore) store).indexerWrites();
            store.pauseIndexer(false);
            assertThat(store.awaitIndexed(Duration.ofSeconds(30))).isTrue();
            long writes = ((SqlMailStore) store).indexerWrites() - before;
            for (Box b : boxes) b.findsEach();
            return writes;
        }
    }

    /** Two mailboxes of alice's and two of bob's. */
    private static List<Box> boxes(SqliteMailStore store) throws Exception {
        List<Box> out = new ArrayList<>();
        for (String user : List.of("alice", "bob")) {
            UserMail mail = store.mail(store.createUser(user, "$hash$" + user, null));
            out.add(new Box(mail, mail.find("INBOX").orElseThrow().id(), user + "inbox", new ArrayList<>()));
            out.add(new Box(mail, mail.create("Other", Set.of()).id(), user + "other", new ArrayList<>()));
        }
        return out;
    }

    private record Box(UserMail mail, MailboxId id, String word, List<Long> uids) {
        void append(int n) throws Exception {
            List<NewMessage> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String text = "Subject: m" + i + "\r\n\r\nthe word is " + word + "x" + i + "q\r\n";
                list.add(new NewMessage(text.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.now()));
            }
            for (var r : mail.append(id, list)) uids.add(r.uid());
        }

        /** Each message found in its mailbox by the index alone (so it was indexed there). */
        void findsEach() throws Exception {
            for (int i = 0; i < uids.size(); i++) {
                var found = mail.textCandidates(id, List.of(TextQuery.body(word + "x" + i + "q")));
                assertThat(found).as(word + i).contains(Set.of(uids.get(i)));
            }
        }
    }
}
