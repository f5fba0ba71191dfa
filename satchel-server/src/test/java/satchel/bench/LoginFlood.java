package satchel.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serving while passwords are being guessed: {@code --clients} connections from {@code --attacker} (another
 * loopback address, 127.0.0.2 by default) send wrong LOGINs for made-up users as fast as they are answered,
 * reconnecting when closed; meanwhile a fresh client from {@code --host}'s own address measures, {@code --probes}
 * times, how long the greeting and a LOGIN with the right password take. Bounded by {@code --seconds}.
 */
final class LoginFlood {
    private LoginFlood() {}

    static void run(Args a) throws Exception {
        int clients = a.integer("clients", 100);
        int probes = a.integer("probes", 10);
        long deadline = System.nanoTime() + a.integer("seconds", 30) * 1_000_000_000L;
        InetAddress attacker = InetAddress.getByName(a.str("attacker", "127.0.0.2"));
        if (!attacker.isLoopbackAddress()) throw new IllegalArgumentException("--attacker must be loopback");
        InetSocketAddress server = new InetSocketAddress(a.host(), a.port());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong attempts = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int id = i;
            threads.add(Thread.ofPlatform().daemon().start(() -> attack(server, attacker, id, stop, attempts, deadline)));
        }
        Thread.sleep(a.integer("warmup-ms", 2000));
        long before = attempts.get();
        long t0 = System.nanoTime();
        long[] greet = new long[probes];
        long[] login = new long[probes];
        int ok = 0;
        int done = 0;
        for (int i = 0; i < probes && System.nanoTime() < deadline; i++, done++) {
            long start = System.nanoTime();
            greet[i] = login[i] = -1;
            try (Socket s = new Socket()) {
                s.connect(server, 30_000);
                s.setSoTimeout(30_000);
                var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String greeting = in.readLine();
                greet[i] = System.nanoTime() - start;
                long l0 = System.nanoTime();
                send(s.getOutputStream(), "p LOGIN " + ImapClient.quote(a.user()) + " " + ImapClient.quote(a.pass()));
                String tagged = untilTagged(in, "p ");
                login[i] = System.nanoTime() - l0;
                if (greeting != null && greeting.startsWith("* OK") && tagged != null && tagged.startsWith("p OK")) ok++;
                else System.err.println("probe " + i + ": " + greeting + " / " + tagged);
            } catch (IOException e) { // timed out: counts as at least the time waited
                if (greet[i] < 0) greet[i] = System.nanoTime() - start;
                else login[i] = System.nanoTime() - start - greet[i];
                System.err.println("probe " + i + ": " + e);
            }
            Thread.sleep(200);
        }
        double rate = (attempts.get() - before) / Report.seconds(System.nanoTime() - t0);
        stop.set(true);
        greet = java.util.Arrays.copyOf(greet, done);
        login = java.util.Arrays.copyOf(login, done);
        new Report("login-flood (" + clients + " guessing connections from " + attacker.getHostAddress() + ")")
            .add("probes run", done, "")
            .add("probes logged in", ok, "")
            .add("wrong logins answered", rate, "/s")
            .add("greeting p50", Report.millis(Report.percentile(greet, 50)), "ms")
            .add("greeting max", Report.millis(Report.percentile(greet, 100)), "ms")
            .add("right login p50", Report.millis(Report.percentile(login, 50)), "ms")
            .add("right login max", Report.millis(Report.percentile(login, 100)), "ms")
            .print();
    }

    private static void attack(InetSocketAddress server, InetAddress from, int id, AtomicBoolean stop,
                               AtomicLong attempts, long deadline) {
        long n = 0;
        while (!stop.get() && System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(from, 0));
                s.connect(server, 30_000);
                s.setSoTimeout(60_000);
                var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String greeting = in.readLine();
                if (greeting == null || !greeting.startsWith("* OK")) {
                    Thread.sleep(100);
                    continue;
                }
                while (!stop.get()) {
                    send(s.getOutputStream(), "g LOGIN guess" + id + "x" + n++ + " wrong");
                    if (untilTagged(in, "g ") == null) break; // closed (BYE): reconnect
                    attempts.incrementAndGet();
                }
            } catch (IOException e) {
                // reset or timed out: reconnect
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String untilTagged(BufferedReader in, String tag) throws IOException {
        for (String l; (l = in.readLine()) != null; ) if (l.startsWith(tag)) return l;
        return null;
    }
}
