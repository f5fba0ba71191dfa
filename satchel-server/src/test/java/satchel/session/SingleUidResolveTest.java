package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import satchel.protocol.SequenceSet;
import satchel.protocol.SequenceSet.Range;
import satchel.wire.Settings;

/**
 * {@code UID FETCH n} resolves one UID by lookup rather than a bit set over the mailbox (issue 11): the same messages
 * as the general path, which the same UID written twice ("n,n") still takes.
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
        return uids(v.resolve(SequenceSet.of(List.of(new Range(lo, hi), new Range(lo, hi))), true));
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
