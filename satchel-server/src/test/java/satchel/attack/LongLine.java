package satchel.attack;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Class (h): a command line of longLineBytes (100 MB) without CRLF, from sessions before login and after. Notes
 * how much each side got through before the server cut it or stopped reading, and the first answer seen.
 */
record LongLine() implements Attack {
    @Override public String name() { return "h-long-line"; }
    @Override public String what() { return "a 100 MB command line without CRLF, before and after login"; }

    @Override public String run(Ctx ctx) {
        byte[] chunk = Ctx.filler(1 << 20, 'a');
        AtomicLong[] sent = {new AtomicLong(), new AtomicLong()};
        AtomicInteger[] cut = {new AtomicInteger(), new AtomicInteger()};
        String[] answer = new String[2];
        AtomicLong errors = new AtomicLong();
        ctx.parallel(8, errors, i -> {
            int side = i % 2; // 0: before login, 1: after
            Wire w;
            if (side == 0) {
                w = ctx.open(0, false, 0);
                w.line();
            } else {
                w = ctx.login(0, i, 0);
                if (w == null) return;
            }
            w.send("l SEARCH TEXT ");
            try {
                for (long left = ctx.sizes().longLineBytes(); left > 0 && ctx.timeLeft(); left -= chunk.length) {
                    w.send(chunk, 0, (int) Math.min(chunk.length, left));
                    sent[side].addAndGet(Math.min(chunk.length, left));
                }
            } catch (IOException e) {
                cut[side].incrementAndGet();
                return;
            }
            try {
                w.timeout(Math.min(ctx.msLeft(), 3000));
                String l = w.line();
                if (answer[side] == null) answer[side] = Probe.clip(l);
                if (w.closedWithin(Math.min(ctx.msLeft(), 1000))) cut[side].incrementAndGet();
            } catch (IOException e) {
                cut[side].incrementAndGet();
            }
        });
        return "before login: " + sent[0].get() / (1 << 20) + " MB sent by 4, " + cut[0] + " cut, answer " + answer[0]
                + "; after login: " + sent[1].get() / (1 << 20) + " MB sent by 4, " + cut[1] + " cut, answer " + answer[1];
    }
}
