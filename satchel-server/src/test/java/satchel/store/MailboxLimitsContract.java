package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.store.StoreException.Kind;

/**
 * {@link MailboxLimits} in the store: a refused CREATE or RENAME changes nothing (not even superiors), and a
 * refused name costs no work in proportion to its size.
 */
public abstract class MailboxLimitsContract extends StoreFixture {
    /** Small on purpose: the six default mailboxes leave room for four more. */
    protected static final MailboxLimits LIMITS = new MailboxLimits(20, 3, 10);

    protected abstract MailStore open(Path dir, MailboxLimits limits) throws Exception;

    @Override
    protected MailStore open(Path dir) throws Exception {
        return open(dir, LIMITS);
    }

    private List<String> names() throws StoreException {
        return mail.list().stream().map(MailboxInfo::name).toList();
    }

    @Test
    void tooDeepOrTooLongIsLimitAndCreatesNothing() throws Exception {
        List<String> before = names();
        assertFails(Kind.LIMIT, () -> mail.create("a/b/c/d", Set.of()));
        assertFails(Kind.LIMIT, () -> mail.create("a/" + "x".repeat(21), Set.of()));
        // Bytes of UTF-8, not characters: 11 × "é" is 22 bytes.
        assertFails(Kind.LIMIT, () -> mail.create("é".repeat(11), Set.of()));
        assertThat(names()).isEqualTo(before);
        mail.create("a/b/" + "é".repeat(10), Set.of());
        assertThat(names()).contains("a", "a/b", "a/b/" + "é".repeat(10));
    }

    @Test
    void aHugeNameIsRefusedWithoutCreatingAnything() throws Exception {
        List<String> before = names();
        assertFails(Kind.LIMIT, () -> mail.create("a/".repeat(30_000) + "b", Set.of()));
        assertThat(names()).isEqualTo(before);
    }

    @Test
    void mailboxCountCountsTheSuperiorsItWouldCreate() throws Exception {
        mail.create("a/b/c", Set.of()); // 6 + 3
        assertFails(Kind.LIMIT, () -> mail.create("x/y", Set.of())); // 9 + 2
        assertThat(mail.find("x")).isEmpty();
        mail.create("x", Set.of()); // 10
        assertFails(Kind.LIMIT, () -> mail.create("z", Set.of()));
        assertFails(Kind.LIMIT, () -> mail.rename("x", "q/x")); // q would be the 11th
        assertFails(Kind.LIMIT, () -> mail.rename("INBOX", "old")); // INBOX stays, "old" is new
        mail.rename("x", "a/x"); // within the limits: no new name
        assertThat(names()).contains("a/x").doesNotContain("x", "q");
        // A \Noselect placeholder coming back to life is no new mailbox.
        mail.delete("a");
        mail.create("a", Set.of());
        assertThat(mail.find("a").orElseThrow().selectable()).isTrue();
    }

    @Test
    void renameChecksTheNamesTheInferiorsGet() throws Exception {
        mail.create("a/b/c", Set.of());
        assertFails(Kind.LIMIT, () -> mail.rename("a", "Sent/a")); // a/b/c would be 4 levels deep
        assertThat(mail.find("a/b/c")).isPresent();
        assertThat(mail.find("Sent/a")).isEmpty();
        mail.rename("a/b", "Sent/b");
        assertThat(mail.find("Sent/b/c")).isPresent();
    }

    @Test
    void subscriptionsAreBoundedLikeMailboxes() throws Exception {
        // They may name mailboxes that do not exist, so without a bound they were a second unbounded tree.
        assertFails(Kind.LIMIT, () -> mail.subscribe("a/b/c/d", true));
        assertFails(Kind.LIMIT, () -> mail.subscribe("x".repeat(21), true));
        for (int i = 0; i < 4; i++) mail.subscribe("s" + i, true); // 6 defaults + 4
        assertFails(Kind.LIMIT, () -> mail.subscribe("s4", true));
        mail.subscribe("s0", true); // already subscribed: nothing new
        mail.subscribe("s0", false);
        mail.subscribe("s4", true);
        assertThat(mail.subscriptions()).hasSize(10).contains("s4").doesNotContain("s0");
    }
}
