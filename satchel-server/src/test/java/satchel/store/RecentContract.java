package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** \Recent (RFC 3501 §2.3.2): one session gets each new message as recent, then no one does. */
public abstract class RecentContract extends StoreFixture {
    @Test
    void claimRecentHandsOutEachRangeOnce() throws Exception {
        MailboxId box = inbox();
        append(box, 3);
        long uidNext = mail.snapshot(box).uidNext();
        assertThat(mail.claimRecent(box, uidNext)).isEqualTo(1); // this session: [1, 4) recent
        assertThat(mail.claimRecent(box, uidNext)).isEqualTo(4); // the next: nothing recent
        assertThat(mail.status(box).recent()).isZero();
        append(box, 2);
        assertThat(mail.status(box).recent()).isEqualTo(2);
        assertThat(mail.snapshot(box).firstRecentUid()).isEqualTo(4);
    }

    @Test
    void claimNeverMovesBackwardsNorPastUidNext() throws Exception {
        MailboxId box = inbox();
        append(box, 2);
        mail.claimRecent(box, 3);
        assertThat(mail.claimRecent(box, 1)).isEqualTo(3);
        assertThat(mail.claimRecent(box, 1000)).isEqualTo(3);
        assertThat(mail.snapshot(box).firstRecentUid()).isEqualTo(3);
    }

    @Test
    void recentIsNeverAFlag() throws Exception {
        MailboxId box = inbox();
        append(box, 1);
        assertThat(mail.snapshot(box).messages().getFirst().flags()).doesNotContain("\\Recent");
    }
}
