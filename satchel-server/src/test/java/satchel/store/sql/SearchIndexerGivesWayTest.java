package satchel.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * When the full-text indexer counts the one writer as busy with others' writes ({@link SearchIndexer#givesWay}), and
 * how large its batches are then ({@link SearchIndexer#batchWhileGivingWay}).
 */
class SearchIndexerGivesWayTest {
    private static final long MS = Duration.ofMillis(1).toNanos();

    @Test
    void othersKeepingTheWriterHalfBusyMakeItGiveWay() {
        assertThat(SearchIndexer.givesWay(400 * MS, 0, 500 * MS)).isTrue();
        assertThat(SearchIndexer.givesWay(250 * MS, 0, 500 * MS)).isTrue(); // exactly half
    }

    @Test
    void itsOwnBatchesDoNotCount() {
        assertThat(SearchIndexer.givesWay(400 * MS, 200 * MS, 500 * MS)).isFalse();
        assertThat(SearchIndexer.givesWay(100 * MS, 0, 500 * MS)).isFalse();
    }

    @Test
    void givingWayBatchesAreSmallWhileRowUpdatesAreRecentAndFullWhileOnlyAppendsQueue() {
        long recent = SearchIndexer.ROWS_RECENT;
        assertThat(SearchIndexer.batchWhileGivingWay(true, 0)).isEqualTo(SearchIndexer.SMALL_BATCH);
        assertThat(SearchIndexer.batchWhileGivingWay(true, recent - 1)).isEqualTo(SearchIndexer.SMALL_BATCH);
        assertThat(SearchIndexer.batchWhileGivingWay(true, recent)).isEqualTo(SearchIndexer.BATCH);
        // A database that does not count them (concurrent writers): small, as before.
        assertThat(SearchIndexer.batchWhileGivingWay(false, 10 * recent)).isEqualTo(SearchIndexer.SMALL_BATCH);
    }
}
