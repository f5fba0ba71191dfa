package satchel.attack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The legitimate client: once a second (or right after a slow attempt) a fresh connection from 127.0.0.1 is
 * timed from connect to greeting + LOGIN + SELECT INBOX + LOGOUT. An attempt that takes longer than
 * {@link #TIMEOUT_MS} or gets anything but OK is a failure. Runs on its own daemon thread.
 */
final class Probe implements AutoCloseable {
    static final int TIMEOUT_MS = 15_000;

    record Attempt(long startNanos, long millis, boolean ok, String why) {}

    /** Login times over a window: median, maximum, how many, how many failed and the first failure's reason. */
    record Stats(int attempts, long p50Ms, long maxMs, int failures, String firstFailure) {}

    private final Target target;
    private final List<Attempt> attempts = new ArrayList<>();
    private final Thread thread;
    private volatile boolean tls;
    private volatile long inFlightSince; // start of the attempt now running, 0 between attempts
    private volatile boolean stop;

    Probe(Target target) {
        this.target = target;
        this.thread = Thread.ofPlatform().name("attack-probe").daemon().start(this::loop);
    }

    /** Probe over implicit TLS instead of plain IMAP (for the classes that attack the TLS port). */
    void useTls(boolean on) {
        tls = on && target.tlsPort() > 0;
    }

    private void loop() {
        while (!stop) {
            long start = System.nanoTime();
            inFlightSince = start;
            Attempt a = once(target, tls);
            inFlightSince = 0;
            synchronized (attempts) {
                attempts.add(a);
            }
            long wait = 1000 - (System.nanoTime() - start) / 1_000_000;
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One timed login from 127.0.0.1. */
    static Attempt once(Target t, boolean tls) {
        long start = System.nanoTime();
        String why = null;
        try (Wire w = Wire.open(t, Target.LEGIT_SOURCE, tls, TIMEOUT_MS, 0)) {
            String g = w.line();
            if (!g.startsWith("* OK")) {
                why = "greeting: " + clip(g);
            } else {
                String r = w.command("p1", "LOGIN " + Wire.quote(t.legit()) + " " + Wire.quote(t.password()));
                if (!r.startsWith("p1 OK")) why = "login: " + clip(r);
                else {
                    r = w.command("p2", "SELECT INBOX");
                    if (!r.startsWith("p2 OK")) why = "select: " + clip(r);
                    else if (!w.command("p3", "LOGOUT").startsWith("p3 OK")) why = "logout not OK";
                }
            }
        } catch (IOException | RuntimeException e) {
            why = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (why == null && ms > TIMEOUT_MS) why = "took " + ms + " ms";
        return new Attempt(start, ms, why == null, why);
    }

    /**
     * Attempts that overlap the window (one that began before it and ended inside counts too), plus the attempt
     * still running at its end with its time so far, failed if that is already over {@code slowMs}.
     */
    Stats stats(long fromNanos, long toNanos, long slowMs) {
        List<Long> times = new ArrayList<>();
        int failures = 0;
        String first = null;
        long running = inFlightSince;
        if (running != 0 && running <= toNanos) { // counted with its time so far
            long ms = (toNanos - running) / 1_000_000;
            times.add(ms);
            if (ms > slowMs) {
                failures++;
                first = "no answer after " + ms + " ms";
            }
        }
        synchronized (attempts) {
            for (Attempt a : attempts) {
                if (a.startNanos() > toNanos || a.startNanos() + a.millis() * 1_000_000 < fromNanos) continue;
                times.add(a.millis());
                if (!a.ok()) {
                    failures++;
                    if (first == null) first = a.why();
                }
            }
        }
        if (times.isEmpty()) return new Stats(0, -1, -1, 0, null);
        times.sort(null);
        return new Stats(times.size(), times.get(times.size() / 2), times.getLast(), failures, first);
    }

    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    @Override public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(TIMEOUT_MS + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
