package satchel.attack;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Class (f): SIGTERM while IDLE clients have stopped reading (their mailbox churns, so updates pile up unread) and
 * other sessions sit behind an unread FETCH 1:* BODY.PEEK[]. Measures the time from SIGTERM to the process's exit;
 * more than {@link #MAX_EXIT_MS} fails the class. Ends the server, so it runs last.
 */
record Shutdown() implements Attack {
    static final long MAX_EXIT_MS = 15_000;

    @Override public String name() { return "f-shutdown-stuck"; }
    @Override public String what() { return "SIGTERM while IDLE clients and FETCH clients have stopped reading; time to exit"; }
    @Override public boolean endsServer() { return true; }

    @Override public void prepare(Ctx ctx) throws Exception {
        Fixture.bigMailbox(ctx);
    }

    @Override public String run(Ctx ctx) throws Exception {
        if (ctx.target().pid() <= 0) return "skipped: no server pid given";
        var server = ProcessHandle.of(ctx.target().pid()).orElse(null);
        if (server == null || !server.isAlive()) return "server not running";
        int n = ctx.sizes().shutdownClients();
        AtomicInteger idling = new AtomicInteger();
        AtomicInteger fetching = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        for (int i = 0; i < 2 * n; i++) {
            boolean idle = i < n;
            Thread.ofVirtual().start(() -> {
                try {
                    Wire w = ctx.login(0, 0, 4096);
                    if (w == null) return;
                    w.command("s", "SELECT " + Fixture.BIG);
                    if (idle) {
                        w.send("i IDLE\r\n");
                        if (w.until("+", "i").startsWith("+")) idling.incrementAndGet();
                    } else {
                        for (int k = 0; k < 20; k++) w.send("f FETCH 1:* BODY.PEEK[]\r\n");
                        fetching.incrementAndGet();
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
            });
        }
        ctx.sleep(3000);
        int stores = churn(ctx);
        ctx.sleep(1000);
        long t0 = System.nanoTime();
        server.destroy(); // SIGTERM
        String exit;
        try {
            server.onExit().get(60, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            exit = "exited " + ms + " ms after SIGTERM";
            if (ms > MAX_EXIT_MS) ctx.problem("exit took " + ms + " ms (limit " + MAX_EXIT_MS + ")");
        } catch (TimeoutException e) {
            exit = "still running 60 s after SIGTERM";
            ctx.problem(exit);
        }
        return idling + " idlers and " + fetching + " fetchers not reading, " + stores + " STOREs of 1:* while idle; " + exit;
    }

    /** Flag changes on every message, so each IDLE session owes its client a FETCH line per message. */
    private static int churn(Ctx ctx) {
        try (Wire w = Wire.open(ctx.target(), ctx.from(1), false, 10_000, 0)) {
            if (!w.login(ctx.target().attacker(0), ctx.target().password())) return 0;
            return loop(w);
        } catch (Exception e) {
            return 0;
        }
    }

    private static int loop(Wire w) throws Exception {
        w.command("s", "SELECT " + Fixture.BIG);
        int done = 0;
        long end = System.nanoTime() + 3_000_000_000L;
        for (int k = 0; k < 60 && System.nanoTime() < end; k++) {
            w.command("t" + k, "STORE 1:* " + (k % 2 == 0 ? "+" : "-") + "FLAGS (\\Flagged)");
            done++;
        }
        return done;
    }
}
