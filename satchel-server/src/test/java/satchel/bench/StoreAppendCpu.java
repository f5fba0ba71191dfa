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
 * indexer catching up after it, the user/system split of it, and the process's write syscalls, bytes written and
 * read syscalls per message (from /proc/self: most of the store's system time is the WAL's page writes, two
 * {@code pwrite}s per frame, and the checkpoints copying them into the database).
 * With {@code paused} the full-text indexer does not run, so only the APPEND path itself is measured: preparation on
 * the callers' threads, the writer's inserts and the commits.
 *   java -cp ... satchel.bench.StoreAppendCpu [messages [batch [rounds [paused]]]]
 */
public final class StoreAppendCpu {
    /** wchar, syscw, syscr of this process ({@code /proc/self/io}); zeros where there is none. */
    private static long[] io() {
        long[] out = new long[3];
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                String[] kv = line.split(":\\s*");
                switch (kv[0]) {
                    case "wchar" -> out[0] = Long.parseLong(kv[1]);
                    case "syscw" -> out[1] = Long.parseLong(kv[1]);
                    case "syscr" -> out[2] = Long.parseLong(kv[1]);
                    default -> { }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: no counts
        }
        return out;
    }

    /** utime and stime of this process in clock ticks ({@code /proc/self/stat}); zeros where there is none. */
    private static long[] ticks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (java.io.IOException | RuntimeException e) {
            return new long[2];
        }
    }

    /** CPU ticks of this process's threads by kind: callers' carriers, JIT compilers, GC, indexer, the rest. */
    private static java.util.Map<String, Long> threadTicks() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String kind = name.startsWith("ForkJoinPool") ? "carriers"
                            : name.contains("CompilerThre") ? "jit"
                            : name.startsWith("G1") || name.startsWith("GC") ? "gc"
                            : name.startsWith("satchel-search") ? "indexer" : "other";
                    out.merge(kind, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // a thread that ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            // not Linux
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        boolean paused = args.length > 3 && args[3].equals("paused");
        Path dir = Files.createTempDirectory("store-append-cpu");
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (SqliteMailStore store = SqliteMailStore.open(dir)) {
            store.pauseIndexer(paused);
            List<UserMail> users = new ArrayList<>();
            List<MailboxId> inboxes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                UserMail m = store.mail(store.createUser("u" + i, "x", null));
                users.add(m);
                inboxes.add(m.find("INBOX").orElseThrow().id());
            }
            for (int r = 0; r < rounds; r++) {
                String round = r == 0 ? "warm-up" : "measured " + r;
                List<List<byte[]>> mail = new ArrayList<>(); // generated before the clock starts
                for (int i = 0; i < 4; i++) {
                    MessageGen gen = new MessageGen(7000 + i, true);
                    List<byte[]> mine = new ArrayList<>();
                    for (int k = 0; k < messages / 4; k++) mine.add(gen.next(round + i + "-" + k));
                    mail.add(mine);
                }
                long cpu0 = os.getProcessCpuTime();
                long[] io0 = io();
                long[] ticks0 = ticks();
                java.util.Map<String, Long> threads0 = threadTicks();
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
                if (!paused) Thread.sleep(8000); // the indexer catches up
                double cpuAll = (os.getProcessCpuTime() - cpu0) / 1e6;
                long[] io1 = io();
                long[] ticks1 = ticks();
                double user = (ticks1[0] - ticks0[0]) * 10.0, sys = (ticks1[1] - ticks0[1]) * 10.0; // USER_HZ 100
                System.out.printf("%s: %d messages, batch %d: %.0f msg/s, CPU %.2f ms/msg (with indexing after: %.2f;"
                                + " user %.2f, system %.2f); per message %.1f write syscalls, %.1f KiB written,"
                                + " %.1f read syscalls%n",
                        round, messages, batch, messages / secs, cpu / messages, cpuAll / messages, user / messages,
                        sys / messages, (io1[1] - io0[1]) / (double) messages, (io1[0] - io0[0]) / 1024.0 / messages,
                        (io1[2] - io0[2]) / (double) messages);
                StringBuilder byKind = new StringBuilder("  threads, ms/msg:");
                threadTicks().forEach((k, v) -> byKind.append(String.format(" %s %.2f", k,
                        (v - threads0.getOrDefault(k, 0L)) * 10.0 / messages)));
                System.out.println(byKind);
                long db = Files.size(dir.resolve("satchel.db"));
                Path wal = dir.resolve("satchel.db-wal");
                System.out.printf("  database %.1f KiB per message stored so far (WAL file %.0f KiB)%n",
                        db / 1024.0 / (messages * (r + 1.0)), Files.exists(wal) ? Files.size(wal) / 1024.0 : 0.0);
            }
        }
    }
}
