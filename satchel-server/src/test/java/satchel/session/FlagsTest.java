package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagsTest {
    @Test void systemFlagsAreCanonicalisedAndRecentDropped() throws Exception {
        assertThat(Flags.storable(Set.of("\\SEEN", "\\recent", "$Forwarded")))
                .containsExactlyInAnyOrder("\\Seen", "$Forwarded");
    }

    @Test void unknownSystemFlagIsRefused() {
        assertThatThrownBy(() -> Flags.storable(Set.of("\\Bogus"))).isInstanceOf(Flags.Invalid.class)
                .hasMessageContaining("\\Bogus");
    }

    @Test void renderingOrdersSystemFlagsFirstAndAddsRecent() {
        assertThat(Flags.withRecent(Set.of("$Junk", "\\Seen", "\\Answered"), true))
                .containsExactly("\\Answered", "\\Seen", "$Junk", "\\Recent");
    }
}
