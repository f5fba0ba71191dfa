package satchel.auth;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few platform threads for password hashing. Argon2 is pure CPU and never yields: run on the virtual
 * threads that serve connections it would hold every carrier thread, and greetings, NOOPs and IDLE updates
 * would wait behind a queue of guesses. Here at most {@code threads} hashes run at once, callers (virtual
 * threads) wait unmounted, and the operating system shares the CPU between the hashes and the carriers.
 * Threads end after a while without work. Thread-safe.
 */
final class HashPool {
    /** One per core: the bound is on CPU, and Argon2's 19 MiB each makes it a bound on memory too. */
    static final HashPool SHARED = new HashPool(Math.max(1, Runtime.getRuntime().availableProcessors()));

    private final ExecutorService executor;

    HashPool(int threads) {
        var count = new AtomicInteger();
        var pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> Thread.ofPlatform().name("auth-hash-" + count.incrementAndGet()).daemon().unstarted(r));
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    /** Runs {@code work} on a pool thread and waits for it (FIFO behind work already queued). */
    <T> T run(Callable<T> work) {
        Future<T> f = executor.submit(work);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a password check", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }
}
