package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.store.StoreException.Kind;

/** Accounts, and the wall between users: a UserMail never reaches another user's mailboxes. */
public abstract class UsersContract extends StoreFixture {
    @Test
    void usersAreUniqueAndUpdatable() throws Exception {
        assertFails(Kind.ALREADY_EXISTS, () -> store.createUser("alice", "h", null));
        store.updatePassword("alice", "$new$", "scram-data");
        User u = store.user("alice").orElseThrow();
        assertThat(u.passwordHash()).isEqualTo("$new$");
        assertThat(u.scram()).isEqualTo("scram-data");
        assertThat(u.id()).isEqualTo(alice.id());
        assertFails(Kind.NONEXISTENT, () -> store.updatePassword("nobody", "h", null));
        assertThat(store.user("nobody")).isEmpty();
    }

    @Test
    void deleteUserRemovesEverything() throws Exception {
        MailboxId box = inbox();
        append(box, 2);
        mail.subscribe("elsewhere", true);
        store.deleteUser("alice");
        assertThat(store.user("alice")).isEmpty();
        assertThat(store.users()).isEmpty();
        assertFails(Kind.NONEXISTENT, () -> store.deleteUser("alice"));
        assertFails(Kind.NONEXISTENT, () -> mail.create("Orphan", Set.of()));
        assertFails(Kind.NONEXISTENT, () -> mail.subscribe("Orphan", true));
        assertThat(mail.list()).isEmpty();
        User again = store.createUser("alice", "h", null);
        assertThat(again.id()).isNotEqualTo(alice.id());
        UserMail fresh = store.mail(again);
        assertThat(fresh.subscriptions()).doesNotContain("elsewhere");
        assertThat(fresh.status(fresh.find("INBOX").orElseThrow().id()).messages()).isZero();
        assertFails(Kind.NONEXISTENT, () -> fresh.status(box));
    }

    @Test
    void usersAreListedByName() throws Exception {
        store.createUser("carol", "h", null);
        store.createUser("bob", "h", null);
        assertThat(store.users()).extracting(User::name).containsExactly("alice", "bob", "carol");
    }

    @Test
    void anotherUserCannotSeeOrTouchAlicesMailboxes() throws Exception {
        MailboxId aliceInbox = inbox();
        MailboxId secret = create("Secret");
        append(aliceInbox, 1);
        UserMail bob = store.mail(store.createUser("bob", "h", null));
        MailboxId bobInbox = bob.find("INBOX").orElseThrow().id();
        bob.append(bobInbox, List.of(msg("bob's")));

        assertThat(bob.find("Secret")).isEmpty();
        assertThat(bob.list()).extracting(MailboxInfo::id).doesNotContain(aliceInbox, secret);
        assertFails(Kind.NONEXISTENT, () -> bob.status(aliceInbox));
        assertFails(Kind.NONEXISTENT, () -> bob.snapshot(aliceInbox));
        assertFails(Kind.NONEXISTENT, () -> bob.content(aliceInbox, 1));
        assertFails(Kind.NONEXISTENT, () -> bob.append(secret, List.of(msg("spam"))));
        assertFails(Kind.NONEXISTENT, () -> bob.updateFlags(aliceInbox, List.of(1L), add("\\Deleted")));
        assertFails(Kind.NONEXISTENT, () -> bob.expunge(aliceInbox, List.of(1L)));
        assertFails(Kind.NONEXISTENT, () -> bob.copy(bobInbox, List.of(1L), secret));
        assertFails(Kind.NONEXISTENT, () -> bob.move(aliceInbox, List.of(1L), bobInbox));
        assertFails(Kind.NONEXISTENT, () -> bob.claimRecent(aliceInbox, 2));
        assertFails(Kind.NONEXISTENT, () -> bob.changesSince(aliceInbox, 0));
        assertFails(Kind.NONEXISTENT, () -> bob.keywords(aliceInbox));
        assertFails(Kind.NONEXISTENT, () -> bob.structures(aliceInbox, List.of(1L)));
        assertFails(Kind.NONEXISTENT, () -> mail.copy(aliceInbox, List.of(1L), bobInbox));

        assertThat(uids(aliceInbox)).containsExactly(1L);
        assertThat(mail.status(secret).messages()).isZero();
        assertThat(meta(aliceInbox, 1).flags()).isEmpty();
    }

    @Test
    void sameMailboxNamesAreIndependentPerUser() throws Exception {
        UserMail bob = store.mail(store.createUser("bob", "h", null));
        bob.create("Projects", Set.of());
        mail.create("Projects", Set.of());
        bob.delete("Projects");
        assertThat(mail.find("Projects")).isPresent();
        bob.rename("INBOX", "Old");
        assertThat(mail.find("Old")).isEmpty();
    }
}
