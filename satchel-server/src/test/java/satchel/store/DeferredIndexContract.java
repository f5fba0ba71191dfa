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
}
