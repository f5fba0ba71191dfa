package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import satchel.store.MailboxId;

/** The NOTIFY queue coalesces doorbells per mailbox and overflows past its bound (RFC 5465 §5.8). */
class NotifyQueueTest {
    @Test void ringsCoalescePerMailboxAndDrainEmptiesTheQueue() {
        NotifyQueue q = new NotifyQueue(100);
        for (int i = 0; i < 50; i++) q.ring(new MailboxId(i % 3 + 1));
        q.ringAccount();
        NotifyQueue.Drained d = q.drain();
        assertThat(d.mailboxes()).containsExactly(new MailboxId(1), new MailboxId(2), new MailboxId(3));
        assertThat(d.account()).isTrue();
        assertThat(d.overflow()).isFalse();
        NotifyQueue.Drained again = q.drain();
        assertThat(again.mailboxes()).isEmpty();
        assertThat(again.account()).isFalse();
    }

    @Test void fallingTooFarBehindOverflowsAndKeepsNothing() {
        NotifyQueue q = new NotifyQueue(10);
        for (int i = 0; i < 11; i++) q.ring(new MailboxId(i + 1));
        q.ringAccount();
        NotifyQueue.Drained d = q.drain();
        assertThat(d.overflow()).isTrue();
        assertThat(d.mailboxes()).isEmpty();
        assertThat(d.account()).isFalse();
    }

    @Test void theBoundCountsSinceTheLastDrain() {
        NotifyQueue q = new NotifyQueue(10);
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 10; i++) q.ring(new MailboxId(1));
            assertThat(q.drain().overflow()).isFalse();
        }
    }
}
