package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.store.UserMetadata.SetResult;

/** RFC 5464 annotations: server and mailbox entries, atomic SETMETADATA, limits, life with the mailbox. */
public abstract class MetadataContract extends StoreFixture {
    private static final MetadataLimits LIMITS = new MetadataLimits(100, 4, 300);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private SetResult set(Optional<MailboxId> box, String name, byte[] value) throws StoreException {
        Map<String, byte[]> m = new HashMap<>();
        m.put(name, value);
        return mail.metadata().set(box, m, LIMITS);
    }

    @Test
    void serverAndMailboxEntriesAreApart() throws Exception {
        MailboxId inbox = inbox();
        assertThat(set(Optional.empty(), "/private/comment", b("server"))).isEqualTo(SetResult.DONE);
        assertThat(set(Optional.of(inbox), "/private/comment", b("inbox"))).isEqualTo(SetResult.DONE);
        assertThat(mail.metadata().entries(Optional.empty())).containsOnlyKeys("/private/comment");
        assertThat(mail.metadata().entries(Optional.empty()).get("/private/comment")).isEqualTo(b("server"));
        assertThat(mail.metadata().entries(Optional.of(inbox)).get("/private/comment")).isEqualTo(b("inbox"));
        assertThat(mail.metadata().all()).hasSize(2);
    }

    @Test
    void valuesAreBinarySafeAndNullRemoves() throws Exception {
        byte[] binary = {0, 1, 2, (byte) 0xff, '\r', '\n'};
        set(Optional.empty(), "/shared/vendor/x/y", binary);
        assertThat(mail.metadata().entries(Optional.empty()).get("/shared/vendor/x/y")).isEqualTo(binary);
        set(Optional.empty(), "/shared/vendor/x/y", null);
        assertThat(mail.metadata().entries(Optional.empty())).isEmpty();
    }

    @Test
    void limitsRefuseTheWholeChange() throws Exception {
        Map<String, byte[]> five = new HashMap<>();
        for (int i = 0; i < 5; i++) five.put("/private/e" + i, b("v"));
        assertThat(mail.metadata().set(Optional.empty(), five, LIMITS)).isEqualTo(SetResult.TOO_MANY);
        assertThat(mail.metadata().all()).isEmpty(); // all or nothing (RFC 5464 §4.3)
        assertThat(set(Optional.empty(), "/private/a", new byte[100])).isEqualTo(SetResult.DONE);
        assertThat(set(Optional.of(inbox()), "/private/b", new byte[100])).isEqualTo(SetResult.DONE);
        assertThat(set(Optional.of(create("Other")), "/private/c", new byte[100])).isEqualTo(SetResult.TOO_MUCH);
        // Removing is always allowed, and replacing counts the new size only.
        assertThat(set(Optional.empty(), "/private/a", new byte[50])).isEqualTo(SetResult.DONE);
        assertThat(set(Optional.empty(), "/private/a", null)).isEqualTo(SetResult.DONE);
        assertThat(mail.metadata().all()).hasSize(1);
    }

    @Test
    void entriesFollowRenameAndGoWithDelete() throws Exception {
        MailboxId box = create("Projects");
        set(Optional.of(box), "/shared/comment", b("work"));
        mail.rename("Projects", "Archive/Projects");
        MailboxId moved = mail.find("Archive/Projects").orElseThrow().id();
        assertThat(mail.metadata().entries(Optional.of(moved)).get("/shared/comment")).isEqualTo(b("work"));
        mail.delete("Archive/Projects");
        assertThat(mail.metadata().all()).isEmpty();
        // A new mailbox of the same name starts without annotations.
        MailboxId again = create("Archive/Projects");
        assertThat(mail.metadata().entries(Optional.of(again))).isEmpty();
    }

    @Test
    void deletingAParentKeepsThePlaceholderBare() throws Exception {
        MailboxId parent = create("P");
        create("P/child");
        set(Optional.of(parent), "/private/comment", b("x"));
        mail.delete("P"); // becomes \Noselect: its annotations go with its messages
        assertThat(mail.metadata().all()).isEmpty();
    }

    @Test
    void anotherUsersMailboxIsNonexistent() throws Exception {
        User bob = store.createUser("bob", "$hash$bob", null);
        MailboxId bobs = store.mail(bob).find("INBOX").orElseThrow().id();
        assertFails(StoreException.Kind.NONEXISTENT, () -> set(Optional.of(bobs), "/private/comment", b("x")));
        assertFails(StoreException.Kind.NONEXISTENT, () -> mail.metadata().entries(Optional.of(bobs)));
        set(Optional.empty(), "/private/comment", b("alice"));
        assertThat(store.mail(bob).metadata().all()).isEmpty();
    }

    @Test
    void setRingsTheAccountBell() throws Exception {
        var rung = new java.util.concurrent.atomic.AtomicInteger();
        try (AutoCloseable w = store.watch(AccountBell.of(alice.id()), rung::incrementAndGet)) {
            set(Optional.empty(), "/private/comment", b("x"));
            mail.create("New", Set.of());
            mail.subscribe("New", false);
        }
        assertThat(rung.get()).isGreaterThanOrEqualTo(3);
    }
}
