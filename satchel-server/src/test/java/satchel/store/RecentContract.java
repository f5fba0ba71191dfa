package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

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

    /** Whether {@link UserMail#appendClaiming} takes the claim in the append's own write on this store. */
    protected boolean claimsInAppend() {
        return true;
    }

    private UserMail.Appended appendClaiming(MailboxId box, long knownUidNext, int n) throws StoreException {
        MailboxInfo info = mail.list().stream().filter(m -> m.id().equals(box)).findFirst().orElseThrow();
        List<NewMessage> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) messages.add(msg("claimed " + i));
        return mail.appendClaiming(info, messages, knownUidNext).await();
    }

    @Test
    void appendClaimingTakesTheClaimWithTheMessagesWhenTheCallerHasNoneUnclaimed() throws Exception {
        MailboxId box = inbox();
        append(box, 2);
        assertThat(mail.claimRecent(box, 3)).isEqualTo(1); // the caller saw and claimed 1 and 2
        UserMail.Appended a = appendClaiming(box, 3, 2); // MULTIAPPEND of two: UIDs 3 and 4
        assertThat(a.results()).extracting(AppendResult::uid).containsExactly(3L, 4L);
        assertThat(a.claimed()).isEqualTo(claimsInAppend());
        if (a.claimed()) {
            assertThat(a.recentFrom()).isEqualTo(3); // the caller's: [3, 5)
            assertThat(mail.claimRecent(box, 5)).isEqualTo(5); // nobody else's
            assertThat(mail.status(box).recent()).isZero();
        } else {
            assertThat(mail.claimRecent(box, 5)).isEqualTo(3); // left to the caller's own claim
        }
    }

    @Test
    void appendClaimingAlsoClaimsWhatOthersAppendedThatTheCallerHasNotSeenYet() throws Exception {
        MailboxId box = inbox();
        append(box, 1);
        mail.claimRecent(box, 2); // the caller has seen UID 1
        append(box, 2); // UIDs 2 and 3 from another session, claimed by nobody yet
        UserMail.Appended a = appendClaiming(box, 2, 1);
        assertThat(a.claimed()).isEqualTo(claimsInAppend());
        if (a.claimed()) {
            assertThat(a.recentFrom()).isEqualTo(2); // [2, 5): the caller learns of 2 and 3 with its own 4
            assertThat(mail.snapshot(box).firstRecentUid()).isEqualTo(5);
        }
    }

    @Test
    void appendClaimingLeavesTheClaimWhenTheCallerHasSeenAnUnclaimedMessage() throws Exception {
        MailboxId box = inbox();
        append(box, 2); // the caller saw 1 and 2, but its claim of them has not been made (under way, or refused)
        UserMail.Appended a = appendClaiming(box, 3, 1);
        assertThat(a.claimed()).isFalse();
        assertThat(a.results()).extracting(AppendResult::uid).containsExactly(3L);
        assertThat(mail.claimRecent(box, 4)).isEqualTo(1); // its own claim still gets all three
    }

    @Test
    void recentIsNeverAFlag() throws Exception {
        MailboxId box = inbox();
        append(box, 1);
        assertThat(mail.snapshot(box).messages().getFirst().flags()).doesNotContain("\\Recent");
    }
}
