package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Doorbells: rung after commit, outside store locks, for every kind of change. */
public abstract class WatchContract extends StoreFixture {
    @Test
    void ringsForEveryChangeAndStopsWhenClosed() throws Exception {
        MailboxId box = inbox();
        MailboxId other = create("other");
        AtomicInteger rings = new AtomicInteger();
        AutoCloseable watch = store.watch(box, rings::incrementAndGet);
        append(box, 2);
        assertThat(rings.get()).isEqualTo(1);
        mail.updateFlags(box, List.of(1L), add("\\Seen"));
        assertThat(rings.get()).isEqualTo(2);
        mail.expunge(box, List.of(1L));
        assertThat(rings.get()).isEqualTo(3);
        append(other, 1);
        mail.copy(other, List.of(1L), box);
        assertThat(rings.get()).isEqualTo(4);
        mail.move(other, List.of(1L), box);
        assertThat(rings.get()).isEqualTo(5);
        watch.close();
        append(box, 1);
        assertThat(rings.get()).isEqualTo(5);
    }

    @Test
    void ringsOnDeleteAndRenameOfTheMailbox() throws Exception {
        MailboxId box = create("w");
        AtomicInteger rings = new AtomicInteger();
        store.watch(box, rings::incrementAndGet);
        mail.rename("w", "w2");
        assertThat(rings.get()).isEqualTo(1);
        mail.delete("w2");
        assertThat(rings.get()).isEqualTo(2);
    }

    @Test
    void theDoorbellMayCallBackIntoTheStore() throws Exception {
        MailboxId box = inbox();
        ConcurrentLinkedQueue<List<Change>> seen = new ConcurrentLinkedQueue<>();
        // Runs on the writing thread: it would deadlock if the store still held its write lock.
        store.watch(box, () -> {
            try {
                seen.add(mail.changesSince(box, 0));
                mail.updateFlags(box, List.of(1L), add("\\Seen"));
            } catch (StoreException e) {
                throw new AssertionError(e);
            }
        });
        append(box, 1);
        assertThat(seen).isNotEmpty();
        assertThat(seen.peek()).hasSize(1);
        assertThat(meta(box, 1).flags()).contains("\\Seen");
    }
}
