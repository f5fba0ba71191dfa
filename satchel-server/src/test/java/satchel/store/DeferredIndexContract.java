package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.store.sql.SqlMailStore;

/**
 * The SQL stores' full-text index is written after the APPEND by a background indexer (issue 11). Until then a
 * message is always a candidate (so SEARCH scans it); mail expunged before it was indexed leaves nothing behind
 * and does not stop the indexer; once caught up the index narrows as before.
 */
public abstract class DeferredIndexContract extends StoreFixture {
    private SqlMailStore sql() {
        return (SqlMailStore) store;
    }

    private Optional<Set<Long>> body(MailboxId box, String text) throws StoreException {
        return mail.textCandidates(box, List.of(TextQuery.body(text)));
    }

    @Test
    void unindexedMailIsAlwaysACandidateAndIndexedMailIsNarrowed() throws Exception {
        sql().pauseIndexer(true);
        mail.append(inbox(), List.of(msg("apricot"), msg("blueberry"), msg("cherry")));
        assertThat(sql().unindexedMessages()).isEqualTo(3);
        assertThat(body(inbox(), "blueberry")).contains(Set.of(1L, 2L, 3L));
        sql().pauseIndexer(false);
        assertThat(sql().awaitIndexed(Duration.ofSeconds(30))).isTrue();
        assertThat(sql().unindexedMessages()).isZero();
        assertThat(body(inbox(), "blueberry")).contains(Set.of(2L));
        mail.append(inbox(), List.of(msg("blueberry pie")));
        // The newest message is a candidate at once, indexed or not.
        assertThat(body(inbox(), "blueberry").orElseThrow()).contains(2L, 4L).doesNotContain(1L, 3L);
    }

    @Test
    void mailExpungedBeforeItWasIndexedLeavesNothingBehind() throws Throwable {
        MailboxId other = create("Other");
        sql().pauseIndexer(true);
        mail.append(inbox(), List.of(msg("damson"), msg("elderberry"), msg("fig"), msg("grape")));
        mail.copy(inbox(), List.of(3L), other);
        mail.expunge(inbox(), List.of(1L, 3L)); // damson's blob goes; fig's stays, used by the copy
        sql().pauseIndexer(false);
        assertThat(sql().awaitIndexed(Duration.ofSeconds(30))).isTrue();
        eventually(() -> assertThat(body(inbox(), "elderberry")).contains(Set.of(2L)));
        assertThat(body(inbox(), "damson")).contains(Set.of());
        assertThat(body(other, "fig")).contains(Set.of(1L));
        assertThat(((StoreMaintenance) store).check(false, StoreMaintenance.Progress.NONE).problems()).isEmpty();
        mail.expunge(other, List.of(1L));
        eventually(() -> assertThat(body(other, "fig")).contains(Set.of()));
        assertThat(((StoreMaintenance) store).check(false, StoreMaintenance.Progress.NONE).problems()).isEmpty();
    }

    @Test
    void theIndexerResumesAfterARestart() throws Exception {
        sql().pauseIndexer(true);
        mail.append(inbox(), List.of(msg("huckleberry"), msg("jackfruit")));
        store.close();
        store = open(dir);
        mail = store.mail(store.user("alice").orElseThrow());
        assertThat(sql().awaitIndexed(Duration.ofSeconds(30))).isTrue();
        assertThat(body(inbox(), "jackfruit")).contains(Set.of(2L));
    }

    /**
     * The indexer writes several mailboxes' (and users') backlogs in one batch: a SEARCH right after appends into
     * several mailboxes finds each new message in its own mailbox, before, while and after they are indexed.
     */
    @Test
    void aSearchRightAfterAppendsIntoSeveralMailboxesFindsThemAll() throws Exception {
        UserMail bob = store.mail(store.createUser("bob", "$hash$bob", null));
        List<UserMail> owners = List.of(mail, mail, mail, bob);
        List<MailboxId> boxes = List.of(inbox(), create("Second"), create("Third"),
                bob.find("INBOX").orElseThrow().id());
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < boxes.size(); i++) {
                owners.get(i).append(boxes.get(i), List.of(msg("filler " + round), msg("quince" + round + "x" + i)));
            }
            for (int i = 0; i < boxes.size(); i++) {
                var found = owners.get(i).textCandidates(boxes.get(i), List.of(TextQuery.body("quince" + round + "x" + i)));
                assertThat(found.orElseThrow()).as("round %d, mailbox %d", round, i).contains(2L * round + 2);
            }
        }
        assertThat(sql().awaitIndexed(Duration.ofSeconds(30))).isTrue();
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < boxes.size(); i++) {
                var found = owners.get(i).textCandidates(boxes.get(i), List.of(TextQuery.body("quince" + round + "x" + i)));
                assertThat(found).as("round %d, mailbox %d", round, i).contains(Set.of(2L * round + 2));
            }
        }
    }

    /**
     * A backlog over several mailboxes and users, larger than one batch, stopped part way (the store closed while the
     * indexer is at it) is indexed to the end after the store is opened again, each message narrowed in its mailbox.
     */
    @Test
    void aBacklogOverSeveralMailboxesResumesAfterAReopen() throws Exception {
        UserMail bob = store.mail(store.createUser("bob", "$hash$bob", null));
        create("Second");
        bob.create("Other", Set.of());
        sql().pauseIndexer(true);
        for (int round = 0; round < 40; round++) {
            mail.append(inbox(), List.of(msg("plum" + round + "xa")));
            mail.append(mail.find("Second").orElseThrow().id(), List.of(msg("plum" + round + "xb")));
            bob.append(bob.find("INBOX").orElseThrow().id(), List.of(msg("plum" + round + "xc")));
            bob.append(bob.find("Other").orElseThrow().id(), List.of(msg("plum" + round + "xd")));
        }
        assertThat(sql().unindexedMessages()).isEqualTo(160);
        sql().pauseIndexer(false);
        eventually(() -> assertThat(sql().unindexedMessages()).isLessThan(160)); // some batch has committed
        store.close();
        store = open(dir);
        mail = store.mail(store.user("alice").orElseThrow());
        bob = store.mail(store.user("bob").orElseThrow());
        assertThat(sql().awaitIndexed(Duration.ofSeconds(30))).isTrue();
        for (int round = 0; round < 40; round += 13) {
            long uid = round + 1;
            assertThat(body(inbox(), "plum" + round + "xa")).contains(Set.of(uid));
            assertThat(body(mail.find("Second").orElseThrow().id(), "plum" + round + "xb")).contains(Set.of(uid));
            assertThat(bob.textCandidates(bob.find("INBOX").orElseThrow().id(),
                    List.of(TextQuery.body("plum" + round + "xc")))).contains(Set.of(uid));
            assertThat(bob.textCandidates(bob.find("Other").orElseThrow().id(),
                    List.of(TextQuery.body("plum" + round + "xd")))).contains(Set.of(uid));
        }
        assertThat(((StoreMaintenance) store).check(false, StoreMaintenance.Progress.NONE).problems()).isEmpty();
    }
}
