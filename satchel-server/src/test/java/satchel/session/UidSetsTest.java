package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UidSetsTest {
    @Test void runsCollapseIntoRanges() {
        assertThat(UidSets.format(List.of(1L, 2L, 3L, 5L, 7L, 8L))).isEqualTo("1:3,5,7:8");
    }

    @Test void singleAndEmpty() {
        assertThat(UidSets.format(List.of(42L))).isEqualTo("42");
        assertThat(UidSets.format(List.of())).isEmpty();
    }

    @Test void orderIsKeptForCopyUidPairs() {
        // RFC 4315 §4: COPYUID source and destination sets pair up in the order given
        assertThat(UidSets.format(List.of(5L, 3L, 4L))).isEqualTo("5,3:4");
    }
}
