package satchel.attack;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Unnamed class (i): logged-in sessions pipelining hundreds of thousands of commands and never reading. */
record Pipeline() implements Attack {
    @Override public String name() { return "i-pipeline"; }
    @Override public String what() { return "pipelining NOOP / CAPABILITY / LIST by the hundred thousand without reading the answers"; }

    @Override public String run(Ctx ctx) {
        byte[] batch = "x NOOP\r\ny CAPABILITY\r\nz LIST \"\" \"*\"\r\nw STATUS INBOX (MESSAGES)\r\n".repeat(512)
                .getBytes(StandardCharsets.US_ASCII);
        int per = ctx.sizes().pipelineCommands() / 10;
        AtomicLong commands = new AtomicLong();
        AtomicInteger sessions = new AtomicInteger();
        AtomicInteger blocked = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        ctx.parallel(10, errors, i -> {
            Wire w = ctx.login(0, i, 4096);
            if (w == null) return;
            sessions.incrementAndGet();
            for (int sent = 0; sent < per && ctx.timeLeft(); sent += 2048) {
                w.send(batch);
                commands.addAndGet(2048);
            }
            if (ctx.timeLeft()) ctx.hold();
            else blocked.incrementAndGet();
        });
        return sessions + " sessions pipelined " + commands + " commands unread; " + blocked
                + " still sending at the deadline (server stopped reading: fine), " + errors + " errors";
    }
}
