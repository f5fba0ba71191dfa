package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class MailboxNamesTest {
    @Test
    void normalizesInboxAndTrailingDelimiter() throws Exception {
        assertThat(MailboxNames.normalize("inbox")).isEqualTo("INBOX");
        assertThat(MailboxNames.normalize("InBoX/Sub")).isEqualTo("INBOX/Sub");
        assertThat(MailboxNames.normalize("Inboxes")).isEqualTo("Inboxes");
        assertThat(MailboxNames.normalize("a/b/")).isEqualTo("a/b");
        assertThat(MailboxNames.normalize("Sub/inbox")).isEqualTo("Sub/inbox"); // only the first level is special
    }

    @Test
    void refusesNamesThatCannotRoundTrip() {
        for (String bad : new String[] {"", "/", "//", "a//b", "/a", "a\r\nb", "a\0"}) {
            assertThatThrownBy(() -> MailboxNames.normalize(bad)).as(bad).isInstanceOf(StoreException.class);
        }
    }

    @Test
    void parentsAndDescendants() {
        assertThat(MailboxNames.parents("a/b/c")).containsExactly("a", "a/b");
        assertThat(MailboxNames.parents("a")).isEmpty();
        assertThat(MailboxNames.isDescendant("a/b", "a")).isTrue();
        assertThat(MailboxNames.isDescendant("ab", "a")).isFalse();
        assertThat(MailboxNames.isDescendant("a", "a")).isFalse();
        assertThat(MailboxNames.renamed("a/b/c", "a/b", "x")).isEqualTo("x/c");
    }

    @Property
    void normalizingTwiceChangesNothing(@ForAll @AlphaChars @StringLength(min = 1, max = 8) String a,
                                        @ForAll @AlphaChars @StringLength(min = 1, max = 8) String b) throws Exception {
        String once = MailboxNames.normalize(a + "/" + b + "/");
        assertThat(MailboxNames.normalize(once)).isEqualTo(once);
        assertThat(MailboxNames.parents(once)).hasSize(1);
    }
}
