package satchel.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import satchel.bench.FreePort;
import satchel.bench.ImapClient;

/**
 * The \Recent claim of a session appending into the mailbox it has selected commits with the messages (issue 11:
 * one write instead of two): SIGKILL at any moment leaves every stored message either claimed by that session or
 * not stored at all. With the claim as a write of its own after the APPEND, a kill between the two left committed
 * messages \Recent for the next session. Here each cycle's appenders have INBOX selected, so after the restart a
 * fresh SELECT must find no \Recent message, and every acknowledged message.
 */
class RecentKillNineTest {
    private static final int CYCLES = 4;
    private static final int APPENDERS = 2;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void noMessageIsLeftRecentByAKilledAppenderWithTheMailboxSelected(@TempDir Path tmp) throws Exception {
        long seed = System.nanoTime();
        System.out.println("RecentKillNineTest seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        int port = FreePort.find();
        ServerProcess.addUser(data, "alice", "s3cret-recent");
        AtomicLong acknowledged = new AtomicLong();
        try (ServerProcess server = new ServerProcess(data, port)) {
            server.start();
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                Thread[] appenders = new Thread[APPENDERS];
                for (int i = 0; i < APPENDERS; i++) {
                    String name = "c" + cycle + "a" + i;
                    appenders[i] = Thread.ofPlatform().start(() -> appendUntilKilled(port, name, acknowledged));
                }
                Thread.sleep(300 + rnd.nextInt(600));
                server.kill();
                for (Thread t : appenders) t.join(30_000);
                server.start();
                try (ImapClient c = ImapClient.login("127.0.0.1", port, "alice", "s3cret-recent")) {
                    long[] counts = new long[2];
                    c.command("SELECT INBOX", l -> {
                        String[] w = l.text().split(" ");
                        if (w.length == 3 && w[2].equals("EXISTS")) counts[0] = Long.parseLong(w[1]);
                        if (w.length == 3 && w[2].equals("RECENT")) counts[1] = Long.parseLong(w[1]);
                    }).requireOk();
                    assertThat(counts[1]).as("cycle %d: messages left \\Recent", cycle).isZero();
                    assertThat(counts[0]).as("cycle %d: acknowledged messages stored", cycle)
                            .isGreaterThanOrEqualTo(acknowledged.get());
                    c.logout();
                }
            }
        }
        assertThat(acknowledged.get()).as("appends acknowledged at all").isPositive();
    }

    /** Selects INBOX, then appends one message after another until the server goes away. */
    private static void appendUntilKilled(int port, String name, AtomicLong acknowledged) {
        try (ImapClient c = ImapClient.login("127.0.0.1", port, "alice", "s3cret-recent")) {
            c.command("SELECT INBOX").requireOk();
            for (int n = 0; ; n++) {
                String text = "Subject: " + name + " " + n + "\r\n\r\nbody " + n + "\r\n";
                byte[] m = text.getBytes(StandardCharsets.US_ASCII);
                if (c.append("INBOX", null, m).ok()) acknowledged.incrementAndGet();
            }
        } catch (IOException | RuntimeException gone) {
            // the kill
        }
    }
}
