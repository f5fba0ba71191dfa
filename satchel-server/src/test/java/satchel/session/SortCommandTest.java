package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.mime.SortFields;
import satchel.protocol.SortCriterion;
import satchel.store.MessageMeta;

/** The SORT comparator (RFC 5256 §3): keys in order, REVERSE per key, mailbox order for ties. */
class SortCommandTest {
    static SortCommand.Row row(int seq, Instant internal, Instant sent) {
        return new SortCommand.Row(new MailboxView.Entry(seq, new MessageMeta(seq, 1, Set.of(), 100, internal), false),
                new SortFields("", false, sent, "", "", "", "", "", null, List.of()));
    }

    static List<Integer> sort(List<SortCommand.Row> rows, SortCriterion... program) {
        List<SortCommand.Row> copy = new ArrayList<>(rows);
        copy.sort(SortCommand.comparator(List.of(program)));
        return copy.stream().map(r -> r.entry().seq()).toList();
    }

    @Test void arrivalComparesWholeSecondsLikeInternaldateSoSubSecondAppendsTieInMailboxOrder() {
        Instant t = Instant.parse("2024-01-01T10:00:00.100Z");
        var rows = List.of(row(1, t, null), row(2, t.plusMillis(500), null), row(3, t.plusSeconds(1), null));
        assertThat(sort(rows, new SortCriterion(SortCriterion.Key.ARRIVAL, true))).containsExactly(3, 1, 2);
        // DATE falls back to the internal date without a Date field (§2.2), at the same resolution
        assertThat(sort(rows, new SortCriterion(SortCriterion.Key.DATE, true))).containsExactly(3, 1, 2);
    }

    @Test void reverseTurnsOnlyItsOwnKey() {
        Instant t = Instant.parse("2024-01-01T10:00:00Z");
        var rows = List.of(row(1, t, t), row(2, t, t.minusSeconds(5)), row(3, t.plusSeconds(9), t));
        assertThat(sort(rows, new SortCriterion(SortCriterion.Key.ARRIVAL, true), new SortCriterion(SortCriterion.Key.DATE, false)))
                .containsExactly(3, 2, 1);
    }
}
