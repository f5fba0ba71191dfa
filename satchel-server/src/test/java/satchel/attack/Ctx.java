package satchel.attack;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one attack run may use: the target, its own source addresses, a deadline, the sizes, and a bag of
 * sockets the runner closes afterwards whatever the attack did (so nothing outlives its class).
 */
final class Ctx {
    final Target target;
    final Sizes sizes;
    final long deadline;
    private final int slot;
    private final ConcurrentLinkedDeque<AutoCloseable> bag = new ConcurrentLinkedDeque<>();
    private volatile String problem;
    private volatile String firstError;

    Ctx(Target target, Sizes sizes, int slot, long deadline) {
        this.target = target;
        this.sizes = sizes;
        this.slot = slot;
        this.deadline = deadline;
    }

    Target target() { return target; }

    /** Marks the class failed for a reason the probe cannot see (e.g. a wrong-password answer to a right one). */
    void problem(String why) {
        if (problem == null) problem = why;
    }

    String problem() { return problem; }

    /** The first exception a task of {@link #parallel} ended with, or null. */
    String firstError() { return firstError; }

    Sizes sizes() { return sizes; }

    boolean timeLeft() {
        return System.nanoTime() < deadline && !Thread.currentThread().isInterrupted();
    }

    int msLeft() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (deadline - System.nanoTime()) / 1_000_000));
    }

    /** This class's k-th source address. */
    InetAddress from(int k) {
        return Target.source(slot, k);
    }

    /** A connection kept in the bag; the read timeout is what is left of the class (at least 1 ms). */
    Wire open(int k, boolean tls, int rcvBuf) throws IOException {
        Wire w = Wire.open(target, from(k), tls, Math.min(msLeft(), 10_000), rcvBuf);
        w.timeout(msLeft());
        return keep(w);
    }

    /** A logged-in attacker session (user {@code n} of the attackers), or null if refused. */
    Wire login(int k, int n, int rcvBuf) throws IOException {
        Wire w = open(k, false, rcvBuf);
        if (w.login(target.attacker(n), target.password())) return w;
        w.close();
        return null;
    }

    <T extends AutoCloseable> T keep(T c) {
        bag.add(c);
        return c;
    }

    void closeAll() {
        for (AutoCloseable c; (c = bag.poll()) != null; ) {
            try {
                c.close();
            } catch (Exception e) {
                // closing on the way out
            }
        }
    }

    void sleep(long ms) {
        try {
            Thread.sleep(Math.max(0, Math.min(ms, msLeft())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps until the deadline (an attack that holds what it opened). */
    void hold() {
        while (timeLeft()) sleep(200);
    }

    interface Task {
        void run(int i) throws Exception;
    }

    /**
     * Runs {@code n} tasks on virtual threads and waits for them until the deadline plus a little; tasks still
     * running then are abandoned to the runner's {@link #closeAll}. Exceptions count as errors, not failures.
     */
    int parallel(int n, AtomicLong errors, Task task) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            threads.add(Thread.ofVirtual().name("attack-" + i).start(() -> {
                try {
                    task.run(id);
                } catch (Exception e) {
                    errors.incrementAndGet();
                    if (firstError == null) firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            }));
        }
        int finished = 0;
        for (Thread t : threads) {
            try {
                long left = (deadline - System.nanoTime()) / 1_000_000 + 2000;
                if (t.join(java.time.Duration.ofMillis(Math.max(1, left)))) finished++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return finished;
    }

    static byte[] filler(int n, char c) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) c);
        return b;
    }

    static int random(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }
}
