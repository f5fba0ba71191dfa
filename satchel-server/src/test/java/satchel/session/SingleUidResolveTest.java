package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import satchel.protocol.SequenceSet;
import satchel.protocol.SequenceSet.Range;
import satchel.wire.Settings;

/**
 * {@code UID FETCH n} and {@code FETCH n} (and any set of one range) resolve by lookup rather than a bit set over the
 * mailbox (issue 11): the same messages as the general path, which the same range written twice ("a:b,a:b") still
 * takes.
 */
class SingleUidResolveTest {
    private static SequenceSet one(long lo, long hi) {
        return SequenceSet.of(List.of(new Range(lo, hi)));
    }

    private static List<Long> uids(Selection s) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) out.add(s.uid(i));
        return out;
    }

    private static List<Long> general(MailboxView v, long lo, long hi) throws Exception {
        return general(v, lo, hi, true);
    }

    private static List<Long> general(MailboxView v, long lo, long hi, boolean byUid) throws Exception {
        return uids(v.resolve(SequenceSet.of(List.of(new Range(lo, hi), new Range(lo, hi))), byUid));
    }

    @Test void oneRangeIsTheSameSelectionAsTheGeneralPath() throws Exception {
        OneUserMail u = OneUserMail.create();
        for (int i = 1; i <= 8; i++) u.append(i);
        u.mail().expunge(u.inbox().id(), List.of(1L, 4L, 5L, 8L)); // UIDs 2, 3, 6, 7: gaps below, between and above
        try (MailboxView v = MailboxView.open(u.context(u.mail()), u.store(), u.inbox(), false, () -> Settings.IMAP4REV1)) {
            long[] ends = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, SequenceSet.STAR};
            for (long lo : ends) {
                for (long hi : ends) {
                    assertThat(uids(v.resolve(one(lo, hi), true))).as("UID %d:%d", lo, hi).isEqualTo(general(v, lo, hi, true));
                    if (lo == 0 || hi == 0 || (lo != SequenceSet.STAR && lo > 4) || (hi != SequenceSet.STAR && hi > 4)) {
                        assertThatThrownBy(() -> v.resolve(one(lo, hi), false)).isInstanceOf(MailboxView.BadSequence.class);
                        continue;
                    }
                    Selection s = v.resolve(one(lo, hi), false);
                    assertThat(uids(s)).as("%d:%d", lo, hi).isEqualTo(general(v, lo, hi, false));
                    for (int i = 0; i < s.size(); i++) assertThat(s.get(i).meta().uid()).isEqualTo(s.uid(i));
                }
            }
            assertThat(uids(v.resolve(one(3, 2), false))).containsExactly(3L, 6L);
            assertThat(v.resolve(one(2, 3), false).seq(0)).isEqualTo(2);
            assertThat(uids(v.resolve(one(1, SequenceSet.STAR), false))).containsExactly(2L, 3L, 6L, 7L);
        }
    }

    @Test void oneUidIsTheSameSelectionAsTheGeneralPath() throws Exception {
        OneUserMail u = OneUserMail.create();
        for (int i = 1; i <= 5; i++) u.append(i);
        try (MailboxView v = MailboxView.open(u.context(u.mail()), u.store(), u.inbox(), false, () -> Settings.IMAP4REV1)) {
            assertThat(uids(v.resolve(one(3, 3), true))).containsExactly(3L).isEqualTo(general(v, 3, 3));
            assertThat(uids(v.resolve(one(9, 9), true))).isEmpty();
            assertThat(general(v, 9, 9)).isEmpty();
            // "*" is the highest UID, and "9:*" the same one message when 9 lies past it (RFC 9051 §6.4.9).
            assertThat(uids(v.resolve(one(SequenceSet.STAR, SequenceSet.STAR), true))).containsExactly(5L);
            assertThat(uids(v.resolve(one(9, SequenceSet.STAR), true))).isEqualTo(general(v, 9, SequenceSet.STAR));
            assertThat(v.resolve(one(2, 2), true).get(0).seq()).isEqualTo(2);
        }
    }

    @Test void oneUidInAMailboxOfOneOrNone() throws Exception {
        OneUserMail u = OneUserMail.create();
        try (MailboxView v = MailboxView.open(u.context(u.mail()), u.store(), u.inbox(), false, () -> Settings.IMAP4REV1)) {
            assertThat(v.resolve(one(1, 1), true).size()).isZero();
            assertThat(v.resolve(one(SequenceSet.STAR, SequenceSet.STAR), true).size()).isZero();
        }
        u.append(1);
        try (MailboxView v = MailboxView.open(u.context(u.mail()), u.store(), u.inbox(), false, () -> Settings.IMAP4REV1)) {
            assertThat(uids(v.resolve(one(1, 1), true))).containsExactly(1L);
            assertThat(uids(v.resolve(one(SequenceSet.STAR, SequenceSet.STAR), true))).containsExactly(1L);
            assertThat(v.resolve(one(2, 2), true).size()).isZero();
        }
    }
}
