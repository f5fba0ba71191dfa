package satchel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bounds on password work: threads for hashes, and attempts in flight per address. */
class HashPoolTest {
    @Test void atMostThePoolSizeRunAtOnceOnPlatformThreads() throws Exception {
        var pool = new HashPool(2);
        var running = new AtomicInteger();
        var most = new AtomicInteger();
        var virtualSeen = new AtomicInteger();
        var release = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            callers.add(Thread.ofVirtual().start(() -> pool.run(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                if (Thread.currentThread().isVirtual()) virtualSeen.incrementAndGet();
                release.await(10, TimeUnit.SECONDS);
                running.decrementAndGet();
                return true;
            })));
        }
        while (running.get() < 2) Thread.onSpinWait();
        release.countDown();
        for (Thread t : callers) t.join(10_000);
        assertThat(most).hasValue(2);
        assertThat(virtualSeen).hasValue(0);
    }

    @Test void oneAddressHasAtMostTwoAttemptsInFlightAndOthersAreNotHeldUp() throws Exception {
        var lanes = new AddressLanes();
        var inLane = new AtomicInteger();
        var most = new AtomicInteger();
        var release = new CountDownLatch(1);
        List<Thread> attackers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            attackers.add(Thread.ofVirtual().start(() -> lanes.run(satchel.net.AddressKey.of("192.0.2.1"), () -> {
                most.accumulateAndGet(inLane.incrementAndGet(), Math::max);
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return inLane.decrementAndGet();
            })));
        }
        while (inLane.get() < AddressLanes.WIDTH) Thread.onSpinWait();
        assertThat(lanes.run(satchel.net.AddressKey.of("198.51.100.2"), () -> "served")).isEqualTo("served"); // not queued behind them
        release.countDown();
        for (Thread t : attackers) t.join(10_000);
        assertThat(most).hasValue(AddressLanes.WIDTH);
        assertThat(lanes.size()).as("lanes are dropped when unused").isZero();
    }
}
