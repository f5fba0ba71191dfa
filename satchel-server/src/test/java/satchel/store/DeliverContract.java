package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import satchel.store.MailStore.Target;

/** {@link MailStore#deliver}: one message for several users' mailboxes (one LMTP DATA, several recipients). */
public abstract class DeliverContract extends StoreFixture {
    private User bob;
    private UserMail bobMail;

    @BeforeEach
    void bob() throws Exception {
        bob = store.createUser("bob", "$hash$bob", null);
        bobMail = store.mail(bob);
    }

    private Target target(User user, String mailbox) throws StoreException {
        return new Target(user, store.mail(user).find(mailbox).orElseThrow().id());
    }

    @Test
    void everyTargetGetsTheMessageAtItsNextUid() throws Exception {
        append(inbox(), 2);
        NewMessage m = msg("shared", "$Delivered");
        List<AppendResult> r = store.deliver(List.of(target(alice, "INBOX"), target(bob, "INBOX"),
                target(bob, "Archive")), m);
        assertThat(r).extracting(AppendResult::uid).containsExactly(3L, 1L, 1L);
        MailboxId bobInbox = bobMail.find("INBOX").orElseThrow().id();
        MailboxId bobArchive = bobMail.find("Archive").orElseThrow().id();
        assertThat(mail.content(inbox(), 3)).isEqualTo(m.content());
        assertThat(bobMail.content(bobInbox, 1)).isEqualTo(m.content());
        assertThat(bobMail.content(bobArchive, 1)).isEqualTo(m.content());
        MessageMeta meta = bobMail.snapshot(bobInbox).messages().getFirst();
        assertThat(meta.flags()).containsExactly("$Delivered");
        assertThat(meta.modSeq()).isEqualTo(bobMail.status(bobInbox).highestModSeq()).isGreaterThan(1);
        assertThat(bobMail.keywords(bobInbox)).containsExactly("$Delivered");
    }

    /** The bytes are kept once; expunging one user's copy leaves the other's readable, expunging both frees them. */
    @Test
    void oneBlobSharedUntilTheLastCopyGoes() throws Throwable {
        NewMessage m = msg("shared once");
        store.deliver(List.of(target(alice, "INBOX"), target(bob, "INBOX")), m);
        var maintenance = (StoreMaintenance) store;
        assertThat(maintenance.totals().blobs()).isOne();
        assertThat(maintenance.totals().messages()).isEqualTo(2);
        assertThat(maintenance.check(false, StoreMaintenance.Progress.NONE).problems()).isEmpty();
        mail.updateFlags(inbox(), List.of(1L), add("\\Deleted"));
        mail.expunge(inbox(), List.of(1L));
        MailboxId bobInbox = bobMail.find("INBOX").orElseThrow().id();
        assertThat(bobMail.content(bobInbox, 1)).isEqualTo(m.content());
        assertThat(maintenance.totals().blobs()).isOne();
        bobMail.updateFlags(bobInbox, List.of(1L), add("\\Deleted"));
        bobMail.expunge(bobInbox, List.of(1L));
        eventually(() -> assertThat(maintenance.totals().blobs()).isZero());
        assertThat(maintenance.check(false, StoreMaintenance.Progress.NONE).problems()).isEmpty();
    }

    /** The second user finds the shared message by text too, wherever the index keeps it. */
    @Test
    void everyUserFindsTheSharedMessageBySearch() throws Exception {
        bobMail.append(bobMail.find("INBOX").orElseThrow().id(), List.of(msg("unrelated")));
        store.deliver(List.of(target(alice, "INBOX"), target(bob, "INBOX")), msg("quarterly report"));
        MailboxId bobInbox = bobMail.find("INBOX").orElseThrow().id();
        // The SQL stores index in the background; until then every unindexed message is a candidate.
        if (store instanceof satchel.store.sql.SqlMailStore sql) {
            assertThat(sql.awaitIndexed(java.time.Duration.ofSeconds(30))).isTrue();
        }
        Optional<Set<Long>> found = bobMail.textCandidates(bobInbox, List.of(TextQuery.header("Subject", "quarterly")));
        found.ifPresent(uids -> assertThat(uids).contains(2L).doesNotContain(1L));
        Optional<Set<Long>> own = mail.textCandidates(inbox(), List.of(TextQuery.header("Subject", "quarterly")));
        own.ifPresent(uids -> assertThat(uids).containsExactly(1L));
    }

    /** One mailbox named twice (user and user+detail without that mailbox) gets two copies, two UIDs. */
    @Test
    void sameMailboxTwiceGetsTwoCopies() throws Exception {
        List<AppendResult> r = store.deliver(List.of(target(bob, "INBOX"), target(bob, "INBOX")), msg("twice"));
        assertThat(r).extracting(AppendResult::uid).containsExactly(1L, 2L);
        assertThat(bobMail.status(bobMail.find("INBOX").orElseThrow().id()).messages()).isEqualTo(2);
    }

    /** A target that is gone fails the whole delivery: nobody has the message. */
    @Test
    void aMissingMailboxStoresNothing() throws Exception {
        MailboxId gone = bobMail.create("gone", Set.of()).id();
        bobMail.delete("gone");
        assertFails(StoreException.Kind.NONEXISTENT, () -> store.deliver(
                List.of(target(alice, "INBOX"), new Target(bob, gone)), msg("lost")));
        assertFails(StoreException.Kind.NONEXISTENT, () -> store.deliver(   // someone else's mailbox
                List.of(new Target(alice, bobMail.find("INBOX").orElseThrow().id())), msg("misdirected")));
        assertThat(mail.status(inbox()).messages()).isZero();
        assertThat(bobMail.status(bobMail.find("INBOX").orElseThrow().id()).messages()).isZero();
    }
}
