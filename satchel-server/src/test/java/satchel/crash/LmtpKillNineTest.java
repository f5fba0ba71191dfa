package satchel.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import satchel.bench.FreePort;
import satchel.store.MailboxNames;
import satchel.store.MessageMeta;
import satchel.store.sqlite.SqliteMailStore;

/**
 * RFC 2033 §4.2: a 250 after the dot means the server took responsibility. LMTP clients deliver to two users
 * while the server is killed with SIGKILL at a random moment; after each kill every message answered 250 for a
 * recipient must be in that recipient's INBOX, whole, and nothing stored may be a fragment.
 */
class LmtpKillNineTest {
    private static final int CYCLES = Integer.getInteger("crash.cycles", 6);
    private static final List<String> USERS = List.of("alice", "bob");
    private static final java.util.concurrent.atomic.AtomicReference<String> LAST_FAILURE =
            new java.util.concurrent.atomic.AtomicReference<>("none");

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void acknowledgedDeliveriesSurviveSigkill(@TempDir Path tmp) throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("LmtpKillNineTest seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        for (String u : USERS) ServerProcess.addUser(data, u, "pw-" + u);
        int lmtp = FreePort.find();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet(); // "user/marker"
        int total = 0;
        try (ServerProcess server = new ServerProcess(data, FreePort.find(), List.of("--lmtp", "127.0.0.1:" + lmtp))) {
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                server.start();
                waitForPort(lmtp);
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> clients = new ArrayList<>();
                for (int c = 0; c < 3; c++) {
                    String prefix = "c" + cycle + "-" + c + "-";
                    clients.add(Thread.ofVirtual().start(() -> deliverUntilCut(lmtp, prefix, stop, acknowledged)));
                }
                Thread.sleep(1500 + rnd.nextInt(1500)); // a cold JVM takes a moment for the first delivery
                server.kill();
                stop.set(true);
                for (Thread t : clients) t.join(10_000);
                total = verify(data, acknowledged, "after kill " + cycle);
            }
        }
        System.out.println("LmtpKillNineTest: " + CYCLES + " kills, " + acknowledged.size()
                + " acknowledged deliveries verified, " + total + " messages stored");
        assertThat(acknowledged).as("deliveries acknowledged at all; last client failure: " + LAST_FAILURE.get())
                .isNotEmpty();
    }

    /** One connection after another, each delivering messages to both users until the server goes away. */
    private static void deliverUntilCut(int port, String prefix, AtomicBoolean stop, Set<String> acknowledged) {
        int n = 0;
        while (!stop.get()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(10_000);
                var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = s.getOutputStream();
                expect(in, "220");
                out.write("LHLO crash.example\r\n".getBytes(StandardCharsets.US_ASCII));
                String l;
                while ((l = in.readLine()) != null && l.startsWith("250-")) {
                    // capabilities
                }
                while (!stop.get()) {
                    String marker = prefix + n++;
                    String msg = "MAIL FROM:<crash@example.org>\r\nRCPT TO:<alice@example.org>\r\n"
                            + "RCPT TO:<bob@example.org>\r\nDATA\r\n";
                    out.write(msg.getBytes(StandardCharsets.US_ASCII));
                    expect(in, "250");
                    expect(in, "250");
                    expect(in, "250");
                    expect(in, "354");
                    out.write(body(marker).getBytes(StandardCharsets.US_ASCII));
                    out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                    for (String user : USERS) {
                        String reply = in.readLine();
                        if (reply == null) throw new java.io.EOFException();
                        if (reply.startsWith("250")) acknowledged.add(user + "/" + marker);
                    }
                }
            } catch (java.io.IOException cut) {
                // the server was killed (or is not up yet): try again until told to stop
                LAST_FAILURE.compareAndSet("none", cut.toString());
            }
        }
    }

    private static String body(String marker) {
        return "Subject: " + marker + "\r\nMessage-ID: <" + marker + "@crash.example>\r\n\r\n"
                + ("filler " + marker + "\r\n").repeat(200) + "END " + marker + "\r\n";
    }

    private static void expect(BufferedReader in, String code) throws java.io.IOException {
        String l = in.readLine();
        if (l == null || !l.startsWith(code)) throw new java.io.IOException("expected " + code + ", got " + l);
    }

    /** With the server down: every acknowledged delivery is there, and every stored message is whole. */
    private static int verify(Path data, Set<String> acknowledged, String when) throws Exception {
        Set<String> present = new HashSet<>();
        int count = 0;
        try (SqliteMailStore store = SqliteMailStore.open(data)) {
            for (String user : USERS) {
                var mail = store.mail(store.user(user).orElseThrow());
                var inbox = mail.find(MailboxNames.INBOX).orElseThrow().id();
                for (MessageMeta m : mail.snapshot(inbox).messages()) {
                    String text = new String(mail.content(inbox, m.uid()), StandardCharsets.US_ASCII);
                    int s = text.indexOf("Subject: ") + 9;
                    String marker = text.substring(s, text.indexOf("\r\n", s));
                    assertThat(text).as(when + ": " + user + " uid " + m.uid() + " is whole")
                            .startsWith("Return-Path: <crash@example.org>\r\n").endsWith(body(marker));
                    present.add(user + "/" + marker);
                    count++;
                }
            }
        }
        for (String a : acknowledged) assertThat(present).as(when + ": acknowledged " + a).contains(a);
        return count;
    }

    private static void waitForPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(20);
            }
        }
    }
}
