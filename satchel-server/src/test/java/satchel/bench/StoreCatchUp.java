package satchel.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.UserMail;
import satchel.store.sqlite.SqliteMailStore;

/**
 * The full-text indexer alone (issue 11): with the indexer paused, {@code messages} generated messages are appended to
 * 4 users' INBOXes; then the process CPU while the indexer catches up, per message, over {@code rounds} rounds after
 * a warm-up. The catch-up runs in full batches, so this is the indexer's cost per row at its batch size.
 *   java -cp ... satchel.bench.StoreCatchUp [messages [rounds]]
 */
public final class StoreCatchUp {
    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (SqliteMailStore store = SqliteMailStore.open(Files.createTempDirectory("store-append-cpu"))) {
            List<UserMail> users = new ArrayList<>();
            List<MailboxId> boxes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                UserMail m = store.mail(store.createUser("u" + i, "x", null));
                users.add(m);
                boxes.add(m.find("INBOX").orElseThrow().id());
            }
            double sum = 0;
            for (int r = 0; r <= rounds; r++) {
                store.pauseIndexer(true);
                for (int i = 0; i < 4; i++) {
                    MessageGen gen = new MessageGen(7000 + i + r * 10, true);
                    for (int k = 0; k < messages / 4; k += 10) {
                        List<NewMessage> b = new ArrayList<>();
                        for (int j = 0; j < 10; j++) b.add(new NewMessage(gen.next(r + "-" + i + "-" + k + "-" + j), Set.of(), Instant.now()));
                        users.get(i).append(boxes.get(i), b);
                    }
                }
                Thread.sleep(500);
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                store.pauseIndexer(false);
                store.awaitIndexed(Duration.ofSeconds(120));
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e6 / messages;
                System.out.printf("round %d%s: catch-up CPU %.3f ms/msg, %.0f ms wall, load %s%n",
                        r, r == 0 ? " (warm-up)" : "", cpu, (System.nanoTime() - t0) / 1e6,
                        Files.readString(java.nio.file.Path.of("/proc/loadavg")).substring(0, 14));
                if (r > 0) sum += cpu;
            }
            System.out.printf("mean %.3f ms/msg%n", sum / rounds);
        }
    }
}
