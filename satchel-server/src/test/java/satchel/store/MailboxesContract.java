package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.store.StoreException.Kind;

/** CREATE, DELETE, RENAME and LIST (RFC 3501 §6.3.3-§6.3.5, §6.3.8). */
public abstract class MailboxesContract extends StoreFixture {
    private List<String> names() throws StoreException {
        return mail.list().stream().map(MailboxInfo::name).toList();
    }

    @Test
    void newUserHasInboxAndSpecialUseMailboxesAllSubscribed() throws Exception {
        assertThat(names()).containsExactly("Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash");
        assertThat(mail.find("Sent").orElseThrow().specialUse()).containsExactly("\\Sent");
        assertThat(mail.find("Archive").orElseThrow().specialUse()).containsExactly("\\Archive");
        assertThat(mail.find("INBOX").orElseThrow().specialUse()).isEmpty();
        assertThat(mail.list()).allMatch(MailboxInfo::subscribed).allMatch(MailboxInfo::selectable);
    }

    @Test
    void inboxIsCaseInsensitiveAndSpelledUpperCase() throws Exception {
        assertThat(mail.find("iNbOx").orElseThrow().name()).isEqualTo("INBOX");
        assertFails(Kind.ALREADY_EXISTS, () -> mail.create("inbox", Set.of()));
        MailboxInfo child = mail.create("Inbox/Lists", Set.of());
        assertThat(child.name()).isEqualTo("INBOX/Lists");
    }

    @Test
    void createMakesMissingParentsAndRefusesExisting() throws Exception {
        mail.create("a/b/c", Set.of());
        assertThat(names()).contains("a", "a/b", "a/b/c");
        assertThat(mail.find("a").orElseThrow().selectable()).isTrue();
        assertFails(Kind.ALREADY_EXISTS, () -> mail.create("a/b", Set.of()));
    }

    @Test
    void trailingDelimiterIsDroppedAndEmptyLevelsRefused() throws Exception {
        // RFC 3501 §6.3.3: "foo/" declares intent to create inferiors; the name itself is "foo".
        assertThat(mail.create("foo/", Set.of()).name()).isEqualTo("foo");
        assertFails(Kind.CANNOT, () -> mail.create("a//b", Set.of()));
        assertFails(Kind.CANNOT, () -> mail.create("/a", Set.of()));
        assertFails(Kind.CANNOT, () -> mail.create("", Set.of()));
        assertThat(mail.find("a//b")).isEmpty();
    }

    @Test
    void specialUseIsKeptOnCreate() throws Exception {
        assertThat(mail.create("Flagged", Set.of("\\Flagged")).specialUse()).containsExactly("\\Flagged");
    }

    @Test
    void anotherUsersCreatesDoNotMoveTheUidValiditiesASeesNext() throws Exception {
        long first = mail.create("x", Set.of()).uidValidity();
        UserMail bob = store.mail(store.createUser("bob", "$hash$bob", null));
        for (int i = 0; i < 50; i++) bob.create("b" + i, Set.of());
        long second = mail.create("y", Set.of()).uidValidity();
        // One global counter made this at least 57 more (bob's 6 defaults and 50 CREATEs); per user it is one
        // more, or the clock's seconds if they ran past it.
        assertThat(second).isGreaterThan(first);
        assertThat(second - first).isLessThan(50);
    }

    @Test
    void everyIncarnationOfANameHasItsOwnUidValidityAndId() throws Exception {
        MailboxInfo first = mail.create("x", Set.of());
        mail.delete("x");
        MailboxInfo second = mail.create("x", Set.of());
        assertThat(second.uidValidity()).isNotEqualTo(first.uidValidity());
        assertThat(second.id()).isNotEqualTo(first.id());
    }

    @Test
    void deletingALeafRemovesIt() throws Exception {
        MailboxId id = create("leaf");
        mail.delete("leaf");
        assertThat(mail.find("leaf")).isEmpty();
        assertFails(Kind.NONEXISTENT, () -> mail.status(id));
        assertFails(Kind.NONEXISTENT, () -> mail.delete("leaf"));
    }

    @Test
    void deletingAParentKeepsItAsNoselectWithoutMessages() throws Exception {
        MailboxId parent = create("p");
        create("p/child");
        append(parent, 2);
        mail.delete("p"); // RFC 3501 §6.3.4
        MailboxInfo info = mail.find("p").orElseThrow();
        assertThat(info.selectable()).isFalse();
        assertFails(Kind.CANNOT, () -> mail.snapshot(parent));
        assertFails(Kind.CANNOT, () -> mail.append(parent, List.of(msg("x"))));
        assertFails(Kind.CANNOT, () -> mail.delete("p")); // \Noselect with inferiors
        mail.delete("p/child");
        mail.delete("p"); // \Noselect without inferiors: gone
        assertThat(mail.find("p")).isEmpty();
    }

    @Test
    void creatingANoselectNameMakesItSelectableAgain() throws Exception {
        MailboxInfo old = mail.create("p", Set.of());
        create("p/c");
        mail.delete("p");
        MailboxInfo again = mail.create("p", Set.of());
        assertThat(again.selectable()).isTrue();
        assertThat(again.uidValidity()).isNotEqualTo(old.uidValidity());
        assertThat(mail.snapshot(again.id()).messages()).isEmpty();
    }

    @Test
    void inboxCannotBeDeleted() {
        assertFails(Kind.CANNOT, () -> mail.delete("inbox"));
    }

    @Test
    void renameMovesInferiorsAndKeepsIds() throws Exception {
        MailboxId a = create("a/b");
        MailboxId parent = mail.find("a").orElseThrow().id();
        long validity = mail.find("a/b").orElseThrow().uidValidity();
        append(a, 1);
        mail.rename("a", "c");
        assertThat(names()).contains("c", "c/b").doesNotContain("a", "a/b");
        assertThat(mail.find("c").orElseThrow().id()).isEqualTo(parent);
        MailboxInfo moved = mail.find("c/b").orElseThrow();
        assertThat(moved.id()).isEqualTo(a);
        assertThat(moved.uidValidity()).isEqualTo(validity);
        assertThat(mail.status(a).messages()).isEqualTo(1);
    }

    @Test
    void renameDoesNotMoveSiblingsThatShareAPrefix() throws Exception {
        create("a/b");
        create("ab");
        create("a0");
        mail.rename("a", "z");
        assertThat(names()).contains("ab", "a0", "z", "z/b").doesNotContain("a", "a/b");
    }

    @Test
    void renameRefusesExistingTargetsAndItsOwnInferiors() throws Exception {
        create("a");
        create("b");
        assertFails(Kind.ALREADY_EXISTS, () -> mail.rename("a", "b"));
        assertFails(Kind.ALREADY_EXISTS, () -> mail.rename("a", "inbox"));
        assertFails(Kind.NONEXISTENT, () -> mail.rename("nope", "q"));
        assertFails(Kind.CANNOT, () -> mail.rename("a", "a/b"));
    }

    @Test
    void renameCreatesMissingParentsOfTheTarget() throws Exception {
        create("foo/bar/zap");
        mail.rename("foo/bar/zap", "baz/rag/zowie"); // RFC 3501 §6.3.5 example
        assertThat(names()).contains("baz", "baz/rag", "baz/rag/zowie", "foo", "foo/bar");
    }

    @Test
    void renamingInboxMovesItsMessagesAndLeavesItsChildren() throws Exception {
        MailboxId inbox = inbox();
        create("INBOX/kid");
        append(inbox, 3);
        mail.updateFlags(inbox, uids(inbox), add("\\Seen"));
        mail.rename("INBOX", "Old");
        assertThat(mail.status(inbox).messages()).isZero();
        assertThat(mail.find("INBOX").orElseThrow().id()).isEqualTo(inbox);
        assertThat(mail.find("INBOX/kid")).isPresent();
        MailboxInfo old = mail.find("Old").orElseThrow();
        assertThat(old.id()).isNotEqualTo(inbox);
        assertThat(mail.snapshot(old.id()).messages()).hasSize(3)
                .allSatisfy(m -> assertThat(m.flags()).contains("\\Seen"));
        assertThat(new String(mail.content(old.id(), uids(old.id()).getFirst()))).contains("message 0");
        // New mail to INBOX never reuses a UID that was in INBOX.
        assertThat(append(inbox, 1).getFirst()).isGreaterThan(3);
    }

    @Test
    void listIsSortedAndShowsNoselect() throws Exception {
        create("b/x");
        create("a");
        mail.delete("b");
        List<MailboxInfo> list = mail.list();
        assertThat(list).extracting(MailboxInfo::name).isSorted();
        assertThat(list).filteredOn(i -> i.name().equals("b")).singleElement()
                .satisfies(i -> assertThat(i.selectable()).isFalse());
    }
}
