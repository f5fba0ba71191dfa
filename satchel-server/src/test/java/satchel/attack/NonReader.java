package satchel.attack;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Class (d), second half: logged-in sessions with a tiny receive buffer that pipeline commands with big answers
 * (FETCH 1:* BODY.PEEK[] of a large mailbox, LIST, SEARCH) and never read a byte of them.
 */
record NonReader() implements Attack {
    @Override public String name() { return "d-non-reader"; }
    @Override public String what() { return "sessions that pipeline FETCH 1:* BODY.PEEK[] of a large mailbox and never read"; }

    @Override public void prepare(Ctx ctx) throws Exception {
        Fixture.bigMailbox(ctx);
    }

    @Override public String run(Ctx ctx) {
        int n = ctx.sizes().nonReaders();
        AtomicInteger in = new AtomicInteger();
        AtomicLong commands = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ctx.parallel(n, errors, i -> {
            Wire w = ctx.login(0, 0, 4096);
            if (w == null) return;
            w.send("s SELECT " + Fixture.BIG + "\r\n");
            in.incrementAndGet();
            byte[] batch = ("f FETCH 1:* BODY.PEEK[]\r\nl LIST \"\" \"*\"\r\nx SEARCH TEXT lorem\r\n").getBytes();
            // The server's answers pile up unread; our writes block once its reading stops too. A blocked write is
            // released when the runner closes the socket at the deadline.
            for (int k = 0; k < 1000 && ctx.timeLeft(); k++) {
                w.send(batch);
                commands.addAndGet(3);
            }
            ctx.hold();
        });
        long expected = (long) ctx.sizes().bigMessages() * ctx.sizes().bigMessageBytes() / (1 << 20);
        return in + "/" + n + " sessions, " + commands + " commands sent unread (each FETCH ~" + expected + " MB of output)";
    }
}
