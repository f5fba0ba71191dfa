package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server-wide budget for whole messages in the heap: callers wait their turn, never exceed it, never fail. */
class MessageMemoryTest {
    private static final long MIB = 1 << 20;

    @Test void smallMessagesAreNotCounted() throws Exception {
        MessageMemory m = new MessageMemory(MIB);
        try (var lease = m.acquire(MessageMemory.ACCOUNTED_FROM - 1)) {
            assertThat(m.inUse()).isZero();
        }
    }

    @Test void aSecondLargeRequestWaitsUntilTheFirstIsGivenBack() throws Exception {
        MessageMemory m = new MessageMemory(4 * MIB);
        var first = m.acquire(3 * MIB);
        CountDownLatch got = new CountDownLatch(1);
        Thread t = Thread.ofVirtual().start(() -> {
            try (var second = m.acquire(2 * MIB)) {
                got.countDown();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (int i = 0; i < 200 && m.waiting() == 0; i++) Thread.sleep(10);
        assertThat(m.waiting()).isEqualTo(1); // waits, does not fail
        assertThat(got.getCount()).isEqualTo(1);
        first.close();
        first.close(); // idempotent: must not give back twice
        assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
        t.join();
        assertThat(m.inUse()).isZero();
        assertThat(m.peak()).isEqualTo(3 * MIB);
    }

    @Test void aRequestLargerThanTheBudgetRunsAlone() throws Exception {
        MessageMemory m = new MessageMemory(2 * MIB);
        try (var huge = m.acquire(64 * MIB)) {
            assertThat(m.inUse()).isEqualTo(2 * MIB);
        }
        assertThat(m.inUse()).isZero();
    }

    @Test void manyThreadsNeverExceedTheBudget() throws Exception {
        MessageMemory m = new MessageMemory(8 * MIB);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            long size = (1 + i % 5) * MIB;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int k = 0; k < 20; k++) {
                    try (var lease = m.acquire(size)) {
                        assertThat(m.inUse()).isLessThanOrEqualTo(m.capacity());
                        Thread.yield();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }));
        }
        for (Thread t : threads) t.join(30_000);
        assertThat(m.peak()).isLessThanOrEqualTo(m.capacity()).isGreaterThanOrEqualTo(5 * MIB);
        assertThat(m.inUse()).isZero();
    }
}
