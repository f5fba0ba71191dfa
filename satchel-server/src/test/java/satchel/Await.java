package satchel;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The tests' one way to wait for what a server or store reaches asynchronously (a connection counted or gone, a
 * write queued, a purge run): polls with a deadline, never a fixed sleep, and fails naming the timeout. Mail
 * arriving is waited for with {@code Mailbox.awaitMessages}, which the store's doorbell wakes.
 */
public final class Await {
    private Await() {}

    /** An assertion that may not hold yet; it throws {@link AssertionError} until it does. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    public static void until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("condition not met within " + timeout);
            Thread.sleep(1);
        }
    }

    /**
     * Runs {@code check} until it passes; after {@code timeout} its last {@link AssertionError} is the failure. Any
     * other exception ends the wait at once. Polls from 1 ms, backing off to 100 ms: a check may be a database query.
     */
    public static void untilPasses(Duration timeout, Check check) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        long pause = 1;
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > end) throw new AssertionError("not met within " + timeout + ": " + e.getMessage(), e);
            }
            Thread.sleep(pause);
            pause = Math.min(100, pause * 2);
        }
    }
}
