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
}
