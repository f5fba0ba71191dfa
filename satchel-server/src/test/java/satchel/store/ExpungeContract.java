package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
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

    /**
     * Sessions asking at the same moment (which PostgreSQL answers in one shared statement) each get their own
     * mailbox's changes from their own modseq, every change committed before they asked among them, and another
     * user's or a \Noselect mailbox still refused while others' questions share the statement.
     */
    @Test
    void concurrentChangeChecksEachSeeTheirOwnMailboxAndEveryEarlierCommit() throws Exception {
        UserMail bob = store.mail(store.createUser("bob", "$hash$bob", null));
        MailboxId theirs = bob.find("INBOX").orElseThrow().id();
        MailboxId parent = create("p");
        create("p/child");
        mail.delete("p");
        int askers = 6;
        int rounds = 10;
        List<MailboxId> boxes = new ArrayList<>();
        for (int i = 0; i < askers; i++) {
            boxes.add(i % 2 == 0 ? create("c" + i) : bob.create("c" + i, Set.of()).id());
        }
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < askers; i++) {
            UserMail who = i % 2 == 0 ? mail : bob;
            MailboxId box = boxes.get(i);
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    long since = 0;
                    Set<Long> seen = new HashSet<>();
                    for (int r = 0; r < rounds; r++) {
                        long uid = who.append(box, List.of(msg("c" + n + " r" + r))).getFirst().uid();
                        if (r % 3 == 0) who.updateFlags(box, List.of(uid), add("\\Seen"));
                        List<Change> got = who.changesSince(box, since);
                        assertThat(got).extracting(Change::modSeq).isSorted().allMatch(m -> m > 0);
                        assertThat(got).extracting(ChangeOrder::uid).contains(uid).allMatch(u -> u <= uid);
                        for (Change c : got) {
                            since = Math.max(since, c.modSeq());
                            seen.add(ChangeOrder.uid(c));
                        }
                        if (r % 5 == 0) {
                            MailboxId other = who == mail ? theirs : boxes.getFirst();
                            assertFails(StoreException.Kind.NONEXISTENT, () -> who.changesSince(other, 0));
                            if (who == mail) {
                                assertFails(StoreException.Kind.CANNOT, () -> mail.changesSince(parent, 0));
                            }
                        }
                    }
                    assertThat(seen).hasSize(rounds);
                    assertThat(who.changesSince(box, since)).isEmpty();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertThat(failures).isEmpty();
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
