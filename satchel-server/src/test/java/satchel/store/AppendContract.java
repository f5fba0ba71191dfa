package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.store.StoreException.Kind;

/** APPEND (RFC 3501 §6.3.11, RFC 3502 MULTIAPPEND, RFC 4315 APPENDUID), snapshots and STATUS. */
public abstract class AppendContract extends StoreFixture {
    @Test
    void freshMailboxStatus() throws Exception {
        MailboxStatus s = mail.status(create("new"));
        assertThat(s.messages()).isZero();
        assertThat(s.uidNext()).isEqualTo(1);
        assertThat(s.highestModSeq()).isEqualTo(1); // never 0: RFC 7162 §3.1.1
        assertThat(s.size()).isZero();
        MailboxSnapshot snap = mail.snapshot(create("other"));
        assertThat(snap.highestModSeq()).isEqualTo(1);
        assertThat(snap.firstRecentUid()).isEqualTo(1);
    }

    @Test
    void appendAssignsAscendingUidsAndReportsAppendUid() throws Exception {
        MailboxId box = inbox();
        long validity = mail.find("INBOX").orElseThrow().uidValidity();
        List<AppendResult> r = mail.append(box, List.of(msg("one"), msg("two"), msg("three")));
        assertThat(r).extracting(AppendResult::uid).containsExactly(1L, 2L, 3L);
        assertThat(r).extracting(AppendResult::uidValidity).containsOnly(validity);
        assertThat(mail.append(box, List.of(msg("four"))).getFirst().uid()).isEqualTo(4);
    }

    @Test
    void snapshotHasTheMessagesAsStored() throws Exception {
        MailboxId box = inbox();
        Instant date = Instant.parse("2020-01-02T03:04:05Z");
        byte[] bytes = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        mail.append(box, List.of(new NewMessage(bytes, Set.of("\\seen", "$Label1", "\\Recent"), date)));
        MailboxSnapshot snap = mail.snapshot(box);
        assertThat(snap.uidNext()).isEqualTo(2);
        assertThat(snap.info().name()).isEqualTo("INBOX");
        MessageMeta m = snap.messages().getFirst();
        assertThat(m.flags()).containsExactlyInAnyOrder("\\Seen", "$Label1"); // \Recent is never stored
        assertThat(m.size()).isEqualTo(bytes.length);
        assertThat(m.internalDate()).isEqualTo(date);
        assertThat(m.modSeq()).isEqualTo(snap.highestModSeq()).isGreaterThan(1);
        assertThat(mail.content(box, 1)).isEqualTo(bytes);
        assertThat(mail.keywords(box)).containsExactly("$Label1");
    }

    @Test
    void statusCountsMessagesUnseenDeletedAndSize() throws Exception {
        MailboxId box = inbox();
        List<NewMessage> list = List.of(msg("a", "\\Seen"), msg("b", "\\Deleted"), msg("c", "\\Seen", "\\Deleted"));
        append(box, list);
        MailboxStatus s = mail.status(box);
        assertThat(s.messages()).isEqualTo(3);
        assertThat(s.unseen()).isEqualTo(1);
        assertThat(s.deleted()).isEqualTo(2);
        assertThat(s.recent()).isEqualTo(3);
        assertThat(s.uidNext()).isEqualTo(4);
        assertThat(s.size()).isEqualTo(list.stream().mapToLong(m -> m.content().length).sum());
        assertThat(s.highestModSeq()).isEqualTo(mail.snapshot(box).highestModSeq());
    }

    @Test
    void appendToUnknownMailboxFailsAndStoresNothing() throws Exception {
        assertFails(Kind.NONEXISTENT, () -> mail.append(new MailboxId(987654), List.of(msg("x"))));
        assertThat(mail.status(inbox()).uidNext()).isEqualTo(1);
    }

    @Test
    void contentOfAMissingMessageIsNonexistent() throws Exception {
        assertFails(Kind.NONEXISTENT, () -> mail.content(inbox(), 42));
    }

    @Test
    void structuresAreReturnedForExistingMessagesOnly() throws Exception {
        MailboxId box = inbox();
        append(box, 2);
        assertThat(mail.structures(box, List.of(1L, 2L, 99L))).containsOnlyKeys(1L, 2L);
    }

    @Test
    void appendingNothingChangesNothing() throws Exception {
        MailboxId box = inbox();
        MailboxStatus before = mail.status(box);
        assertThat(mail.append(box, List.of())).isEmpty();
        assertThat(mail.status(box)).isEqualTo(before);
    }

    @Test
    void emptyMessageIsStoredFaithfully() throws Exception {
        MailboxId box = inbox();
        mail.append(box, List.of(new NewMessage(new byte[0], Set.of(), Instant.EPOCH)));
        assertThat(mail.content(box, 1)).isEmpty();
        assertThat(mail.snapshot(box).messages().getFirst().size()).isZero();
    }
    @Test
    void statusByNameIsTheMailboxAndItsCounters() throws Exception {
        MailboxId box = inbox();
        append(box, List.of(msg("a", "\\Seen"), msg("b", "\\Deleted")));
        MailboxStatus.Of s = mail.statusOf("inbox").orElseThrow(); // INBOX in any case
        assertThat(s.mailbox()).isEqualTo(mail.find("INBOX").orElseThrow());
        assertThat(s.status()).isEqualTo(mail.status(box));
        MailboxId empty = create("new");
        assertThat(mail.statusOf("new").orElseThrow().status()).isEqualTo(mail.status(empty));
        assertThat(mail.statusOf("missing")).isEmpty();
        create("p/child");
        mail.delete("p"); // a \Noselect parent now
        assertThat(mail.statusOf("p")).isEmpty();
    }

    /**
     * APPEND by name goes where the name leads when it is written, whatever an earlier lookup of the session found
     * (a store may remember it, {@link UserMail#appendTarget}): here another session renames and deletes the mailbox.
     */
    @Test
    void appendByNameFollowsTheNameNotAnEarlierLookup() throws Exception {
        MailboxId first = create("Work");
        UserMail other = store.mail(alice);
        MailboxInfo target = mail.appendTarget("Work").orElseThrow();
        assertThat(mail.appendLater(target, List.of(msg("one"))).await()).extracting(AppendResult::uid)
                .containsExactly(1L);
        other.rename("Work", "Old work");
        MailboxId old = other.find("Old work").orElseThrow().id();
        assertThat(old).isEqualTo(first);
        // Renamed away: no mailbox of that name (TRYCREATE), and nothing goes into the renamed one.
        for (List<NewMessage> batch : List.of(List.of(msg("two")), List.of(msg("three"), msg("four")))) {
            var stale = mail.appendTarget("Work");
            if (stale.isPresent()) {
                assertFails(Kind.TRYCREATE, () -> mail.appendLater(stale.get(), batch).await());
            }
        }
        assertThat(uids(old)).containsExactly(1L);
        // Created again: a new mailbox of that name takes the message.
        MailboxId again = other.create("Work", Set.of()).id();
        MailboxInfo now = mail.appendTarget("Work").orElseThrow();
        assertThat(mail.appendLater(now, List.of(msg("five"))).await()).extracting(AppendResult::uid)
                .containsExactly(1L);
        assertThat(uids(again)).containsExactly(1L);
        assertThat(uids(old)).containsExactly(1L);
        // A target found before the mailbox became \Noselect: CANNOT, nothing stored.
        other.create("Work/sub", Set.of());
        MailboxInfo parent = mail.appendTarget("Work").orElseThrow();
        other.delete("Work");
        assertFails(Kind.CANNOT, () -> mail.appendLater(parent, List.of(msg("six"))).await());
        assertThat(other.find("Work").orElseThrow().selectable()).isFalse();
    }
}
