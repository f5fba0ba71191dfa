package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import satchel.store.StoreException.Kind;

/** COPY (RFC 3501 §6.4.7, RFC 4315 COPYUID) and MOVE (RFC 6851). */
public abstract class CopyMoveContract extends StoreFixture {
    @Test
    void copyAssignsDestinationUidsInSourceOrderAndKeepsFlags() throws Exception {
        MailboxId src = inbox();
        MailboxId dst = create("dst");
        append(dst, 2); // destination UIDs start at 3
        append(src, List.of(msg("a", "\\Seen"), msg("b"), msg("c", "$Work")));
        CopyResult r = mail.copy(src, List.of(3L, 1L, 99L), dst);
        assertThat(r.uidValidity()).isEqualTo(mail.find("dst").orElseThrow().uidValidity());
        assertThat(r.sourceUids()).containsExactly(1L, 3L);
        assertThat(r.destUids()).containsExactly(3L, 4L);
        assertThat(meta(dst, 3).flags()).containsExactly("\\Seen");
        assertThat(meta(dst, 4).flags()).containsExactly("$Work");
        assertThat(mail.content(dst, 4)).isEqualTo(mail.content(src, 3));
        assertThat(uids(src)).containsExactly(1L, 2L, 3L);
        assertThat(mail.keywords(dst)).containsExactly("$Work");
        assertThat(mail.status(dst).recent()).isEqualTo(4);
    }

    @Test
    void copiedMessagesAppearAsAddedInTheDestination() throws Exception {
        MailboxId src = inbox();
        MailboxId dst = create("dst");
        append(src, 1);
        long base = mail.status(dst).highestModSeq();
        mail.copy(src, List.of(1L), dst);
        assertThat(mail.changesSince(dst, base)).singleElement().isInstanceOf(Change.Added.class);
    }

    @Test
    void moveCopiesAndExpungesTheSource() throws Exception {
        MailboxId src = inbox();
        MailboxId dst = create("dst");
        append(src, 3);
        long base = mail.status(src).highestModSeq();
        CopyResult r = mail.move(src, List.of(1L, 2L), dst);
        assertThat(r.destUids()).containsExactly(1L, 2L);
        assertThat(uids(src)).containsExactly(3L);
        assertThat(uids(dst)).containsExactly(1L, 2L);
        assertThat(mail.changesSince(src, base)).extracting(ChangeOrder::uid).containsExactly(1L, 2L);
        assertThat(new String(mail.content(dst, 2))).contains("message 1");
    }

    @Test
    void copyAndMoveWithinOneMailbox() throws Exception {
        MailboxId box = inbox();
        append(box, 2);
        assertThat(mail.copy(box, List.of(1L), box).destUids()).containsExactly(3L);
        assertThat(mail.move(box, List.of(2L), box).destUids()).containsExactly(4L);
        assertThat(uids(box)).containsExactly(1L, 3L, 4L);
    }

    @Test
    void copyOfNothingChangesNothing() throws Exception {
        MailboxId dst = create("dst");
        long before = mail.status(dst).highestModSeq();
        CopyResult r = mail.copy(inbox(), List.of(5L), dst);
        assertThat(r.sourceUids()).isEmpty();
        assertThat(r.destUids()).isEmpty();
        assertThat(mail.status(dst).highestModSeq()).isEqualTo(before);
    }

    @Test
    void copyToAnUnknownMailboxFailsAndMoveLeavesTheSourceAlone() throws Exception {
        MailboxId src = inbox();
        append(src, 1);
        assertFails(Kind.NONEXISTENT, () -> mail.copy(src, List.of(1L), new MailboxId(424242)));
        assertFails(Kind.NONEXISTENT, () -> mail.move(src, List.of(1L), new MailboxId(424242)));
        assertThat(uids(src)).containsExactly(1L);
    }
}
