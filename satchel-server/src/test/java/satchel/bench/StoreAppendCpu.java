package satchel.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.UserMail;
import satchel.store.sqlite.SqliteMailStore;

/**
 * The embedded store's CPU per appended message without IMAP in the way (issue 11): 4 threads append
 * {@code --messages} generated messages in batches of {@code --batch} to their own user's INBOX, after a warm-up
 * of the same size; prints the process CPU per message for the measured round and for the round plus the
 * indexer catching up after it.
 *   java -cp ... satchel.bench.StoreAppendCpu [messages [batch]]
 */
public final class StoreAppendCpu {
    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path dir = Files.createTempDirectory("store-append-cpu");
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (SqliteMailStore store = SqliteMailStore.open(dir)) {
            List<UserMail> users = new ArrayList<>();
            List<MailboxId> inboxes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                UserMail m = store.mail(store.createUser("u" + i, "x", null));
                users.add(m);
                inboxes.add(m.find("INBOX").orElseThrow().id());
            }
            for (String round : new String[] {"warm-up", "measured"}) {
                List<List<byte[]>> mail = new ArrayList<>(); // generated before the clock starts
                for (int i = 0; i < 4; i++) {
                    MessageGen gen = new MessageGen(7000 + i, true);
                    List<byte[]> mine = new ArrayList<>();
                    for (int k = 0; k < messages / 4; k++) mine.add(gen.next(round + i + "-" + k));
                    mail.add(mine);
                }
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    int me = i;
                    threads.add(Thread.ofVirtual().start(() -> {
                        try {
                            List<byte[]> mine = mail.get(me);
                            for (int k = 0; k < mine.size(); k += batch) {
                                List<NewMessage> b = new ArrayList<>();
                                for (byte[] m : mine.subList(k, Math.min(mine.size(), k + batch))) {
                                    b.add(new NewMessage(m, Set.of(), Instant.now()));
                                }
                                users.get(me).append(inboxes.get(me), b);
                            }
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    }));
                }
                for (Thread t : threads) t.join();
                double secs = (System.nanoTime() - t0) / 1e9;
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e6;
                Thread.sleep(8000); // the indexer catches up
                double cpuAll = (os.getProcessCpuTime() - cpu0) / 1e6;
                System.out.printf("%s: %d messages, batch %d: %.0f msg/s, CPU %.2f ms/msg (with indexing after: %.2f)%n",
                        round, messages, batch, messages / secs, cpu / messages, cpuAll / messages);
            }
        }
    }
}
