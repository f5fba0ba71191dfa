package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** EXPUNGE (RFC 3501 §6.4.3, RFC 4315 UID EXPUNGE), tombstones and changesSince (RFC 7162 §3.2.5). */
public abstract class ExpungeContract extends StoreFixture {
    @Test
    void expungeRemovesOnlyExistingMessagesAndReportsThem() throws Exception {
        MailboxId box = inbox();
        append(box, 4);
        assertThat(mail.expunge(box, List.of(3L, 1L, 7L))).containsExactly(1L, 3L);
        assertThat(uids(box)).containsExactly(2L, 4L);
        assertThat(mail.expunge(box, List.of(1L))).isEmpty();
    }

    @Test
    void uidsAreNeverReusedAfterExpunge() throws Exception {
        MailboxId box = inbox();
        append(box, 3);
        mail.expunge(box, List.of(2L, 3L));
        assertThat(append(box, 1)).containsExactly(4L);
        mail.expunge(box, uids(box));
        assertThat(mail.status(box).uidNext()).isEqualTo(5);
        assertThat(append(box, 1)).containsExactly(5L);
    }

    @Test
    void expungeAdvancesModSeqOnlyWhenSomethingGoes() throws Exception {
        MailboxId box = inbox();
        append(box, 1);
        long before = mail.status(box).highestModSeq();
        mail.expunge(box, List.of(9L));
        assertThat(mail.status(box).highestModSeq()).isEqualTo(before);
        mail.expunge(box, List.of(1L));
        assertThat(mail.status(box).highestModSeq()).isGreaterThan(before);
    }

    @Test
    void changesSinceReportsAddsFlagChangesAndExpungesInModSeqOrder() throws Exception {
        MailboxId box = inbox();
        append(box, 3);
        long base = mail.status(box).highestModSeq();
        mail.updateFlags(box, List.of(1L), add("\\Seen"));
        append(box, 1); // uid 4
        mail.updateFlags(box, List.of(4L), add("\\Flagged")); // still Added, with current flags
        mail.expunge(box, List.of(2L));

        List<Change> changes = mail.changesSince(box, base);
        assertThat(changes).extracting(Change::modSeq).isSorted();
        assertThat(changes).hasSize(3);
        assertThat(changes.get(0)).isInstanceOfSatisfying(Change.FlagsChanged.class, c -> {
            assertThat(c.message().uid()).isEqualTo(1);
            assertThat(c.message().flags()).containsExactly("\\Seen");
        });
        assertThat(changes.get(1)).isInstanceOfSatisfying(Change.Added.class, c -> {
            assertThat(c.message().uid()).isEqualTo(4);
            assertThat(c.message().flags()).containsExactly("\\Flagged");
        });
        assertThat(changes.get(2)).isEqualTo(new Change.Expunged(2, mail.status(box).highestModSeq()));
    }

    @Test
    void changesSinceTheStartListsEveryMessageOnceAndOldExpunges() throws Exception {
        MailboxId box = inbox();
        append(box, 3);
        mail.updateFlags(box, List.of(2L), add("\\Seen"));
        mail.updateFlags(box, List.of(2L), add("\\Answered"));
        mail.expunge(box, List.of(3L));
        List<Change> all = mail.changesSince(box, 0);
        assertThat(all).filteredOn(c -> c instanceof Change.Added).hasSize(2);
        assertThat(all).filteredOn(c -> c instanceof Change.Expunged).singleElement()
                .extracting(ChangeOrder::uid).isEqualTo(3L);
        assertThat(mail.changesSince(box, mail.status(box).highestModSeq())).isEmpty();
    }

    /** The one-statement reads (PostgreSQL) check the mailbox as the ordinary ones do: never another user's. */
    @Test
    void changesAndStructuresOnlyOfTheUsersSelectableMailboxes() throws Exception {
        MailboxId parent = create("p");
        create("p/child");
        append(parent, 2);
        MailboxId gone = create("gone");
        append(gone, 1);
        mail.delete("gone");
        mail.delete("p"); // \Noselect now, its messages gone
        UserMail bob = store.mail(store.createUser("bob", "$hash$bob", null));
        MailboxId theirs = bob.find("INBOX").orElseThrow().id();
        bob.append(theirs, List.of(msg("bob's")));

        assertFails(StoreException.Kind.CANNOT, () -> mail.changesSince(parent, 0));
        assertFails(StoreException.Kind.NONEXISTENT, () -> mail.changesSince(gone, 0));
        assertFails(StoreException.Kind.NONEXISTENT, () -> mail.changesSince(theirs, 0));
        assertFails(StoreException.Kind.NONEXISTENT, () -> mail.fetchStructures(theirs, List.of(1L)));
        assertFails(StoreException.Kind.NONEXISTENT, () -> mail.fetchStructures(gone, List.of(1L)));
        MailboxId box = inbox();
        append(box, 2);
        assertThat(mail.fetchStructures(box, List.of(1L, 2L))).containsOnlyKeys(1L, 2L);
        assertThat(mail.changesSince(box, 0)).hasSize(2);
    }
}
