package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import satchel.store.StoreException;

/** Reads shared by callers that wait together, never handed to a caller that came after the read began. */
class SharedReadTest {
    private final SharedRead<String> shared = new SharedRead<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final List<Long> args = new CopyOnWriteArrayList<>();

    /** Read n answers "read n"; the first one waits for {@code release}. */
    private SharedRead.Read<String> read(CountDownLatch started, CountDownLatch release) {
        return arg -> {
            int n = reads.incrementAndGet();
            args.add(arg);
            if (n == 1) {
                started.countDown();
                await(release);
            }
            return "read " + n;
        };
    }

    @Test
    void callersDuringARunningReadShareOneLaterReadFromTheLowestArgument() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> answers = new CopyOnWriteArrayList<>();
        Thread first = caller(10, started, release, answers);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        List<Thread> later = new ArrayList<>();
        for (long arg : new long[] {7, 12, 9}) later.add(caller(arg, started, release, answers));
        for (Thread t : later) waitUntilBlocked(t);
        release.countDown();
        first.join(10_000);
        for (Thread t : later) t.join(10_000);

        assertThat(reads.get()).as("one read for the first caller, one for the three that came while it ran").isEqualTo(2);
        assertThat(args).containsExactly(10L, 7L);
        assertThat(answers).containsExactlyInAnyOrder("read 1", "read 2", "read 2", "read 2");
    }

    @Test
    void aFailedReadFailsEveryCallerThatSharedItAndTheNextCallReadsAgain() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Object> outcomes = new CopyOnWriteArrayList<>();
        SharedRead.Read<String> failing = arg -> {
            reads.incrementAndGet();
            started.countDown();
            await(release);
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "database away");
        };
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            callers.add(Thread.ofPlatform().start(() -> {
                try {
                    outcomes.add(shared.get(0, failing));
                } catch (StoreException e) {
                    outcomes.add(e.kind());
                }
            }));
            if (i == 0) assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        }
        for (Thread t : callers.subList(1, 3)) waitUntilBlocked(t);
        release.countDown();
        for (Thread t : callers) t.join(10_000);
        assertThat(outcomes).containsOnly(StoreException.Kind.UNAVAILABLE).hasSize(3);
        assertThat(reads.get()).isEqualTo(2);

        assertThat(shared.get(0, arg -> "fresh")).isEqualTo("fresh");
        assertThatThrownBy(() -> shared.get(0, arg -> {
            throw new StoreException(StoreException.Kind.NONEXISTENT, "gone");
        })).isInstanceOf(StoreException.class).hasMessage("gone");
    }

    /**
     * A caller woken by a doorbell takes the read that bell set off, even after it began, when it began after the
     * bell and from an argument no higher than the caller's; otherwise it reads as any caller.
     */
    @Test
    void callersWokenByABellShareTheReadBegunAfterThatBell() throws Exception {
        java.util.concurrent.atomic.AtomicLong bells = new java.util.concurrent.atomic.AtomicLong();
        SharedRead<String> byBell = new SharedRead<>(bells::get);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> answers = new CopyOnWriteArrayList<>();
        long bell = bells.incrementAndGet(); // bell 1 rings; its doorbell starts the read
        Thread doorbell = Thread.ofPlatform().start(() -> {
            try {
                answers.add(byBell.get(5, read(started, release)));
            } catch (StoreException e) {
                answers.add(e.toString());
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        List<Thread> woken = new ArrayList<>();
        for (long modSeq : new long[] {5, 8, 6}) {
            woken.add(Thread.ofPlatform().start(() -> {
                try {
                    answers.add(byBell.getSince(bell, modSeq, read(started, release)));
                } catch (StoreException e) {
                    answers.add(e.toString());
                }
            }));
        }
        for (Thread t : woken) waitUntilBlocked(t);
        release.countDown();
        doorbell.join(10_000);
        for (Thread t : woken) t.join(10_000);
        assertThat(reads.get()).as("the doorbell's read serves every session it woke").isEqualTo(1);
        assertThat(answers).containsOnly("read 1").hasSize(4);

        // Done, it still serves a late waker of that bell; not one further behind, nor one woken by a later bell.
        assertThat(byBell.getSince(bell, 9, read(started, release))).isEqualTo("read 1");
        assertThat(byBell.getSince(bell, 4, read(started, release))).isEqualTo("read 2");
        assertThat(byBell.getSince(bells.incrementAndGet(), 9, read(started, release))).isEqualTo("read 3");
        assertThat(args).containsExactly(5L, 4L, 9L);
        assertThat(byBell.get(9, read(started, release))).as("a call not woken by a bell reads anew").isEqualTo("read 4");
    }

    private Thread caller(long arg, CountDownLatch started, CountDownLatch release, List<String> answers) {
        return Thread.ofPlatform().start(() -> {
            try {
                answers.add(shared.get(arg, read(started, release)));
            } catch (StoreException e) {
                answers.add(e.toString());
            }
        });
    }

    /** Blocked in the shared read: waiting for a result, or for the running read before starting its own. */
    private static void waitUntilBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
