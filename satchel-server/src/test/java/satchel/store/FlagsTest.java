package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class FlagsTest {
    @Test
    void systemFlagsAreCanonicalAndRecentIsDropped() {
        assertThat(Flags.normalize(Set.of("\\SEEN", "\\deleted", "\\Recent", "$Junk")))
                .containsExactlyInAnyOrder("\\Seen", "\\Deleted", "$Junk");
    }

    @Test
    void storedFormRoundTrips() {
        Set<String> flags = Set.of("\\Seen", "\\Draft", "$Label1", "work");
        assertThat(Flags.fromStored(Flags.systemBits(flags), Flags.otherFlagsText(flags))).isEqualTo(flags);
        assertThat(Flags.fromStored(0, "")).isEmpty();
    }

    @Test
    void existingSpellingWins() {
        assertThat(Flags.apply(Set.of("Work"), FlagUpdate.Mode.ADD, Set.of("WORK", "home")))
                .containsExactlyInAnyOrder("Work", "home");
        assertThat(Flags.apply(Set.of("Work"), FlagUpdate.Mode.REPLACE, Set.of("work"))).containsExactly("Work");
    }

    @Provide
    Arbitrary<Set<String>> flagSets() {
        return Arbitraries.of("\\Seen", "\\seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft", "\\Recent",
                "$Junk", "$junk", "work", "Work", "x").set().ofMaxSize(6);
    }

    @Property
    void addThenRemoveLeavesNoneOfTheGivenFlags(@ForAll("flagSets") Set<String> current,
                                                @ForAll("flagSets") Set<String> given) {
        Set<String> base = Flags.normalize(current);
        Set<String> added = Flags.apply(base, FlagUpdate.Mode.ADD, given);
        Set<String> removed = Flags.apply(added, FlagUpdate.Mode.REMOVE, given);
        for (String g : given) assertThat(removed).noneMatch(f -> f.equalsIgnoreCase(g));
        assertThat(added).doesNotContain("\\Recent");
        assertThat(Flags.apply(added, FlagUpdate.Mode.ADD, given)).isEqualTo(added); // idempotent
        assertThat(Flags.fromStored(Flags.systemBits(added), Flags.otherFlagsText(added))).isEqualTo(added);
    }
}
