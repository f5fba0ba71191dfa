package satchel;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The tests' one way to wait for what a server or store reaches asynchronously (a connection counted or gone, a
 * write queued): polls the condition with a deadline, never a fixed sleep, and fails naming the timeout. Mail
 * arriving is waited for with {@code Mailbox.awaitMessages}, which the store's doorbell wakes.
 */
public final class Await {
    private Await() {}

    public static void until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("condition not met within " + timeout);
            Thread.sleep(1);
        }
    }
}
