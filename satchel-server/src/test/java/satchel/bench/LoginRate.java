package satchel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** connect + LOGIN + LOGOUT in a loop from N threads for a fixed time. */
final class LoginRate {
    private LoginRate() {}

    static void run(Args a) throws Exception {
        int clients = a.integer("clients", 4);
        long nanos = a.integer("seconds", 10) * 1_000_000_000L;
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String user = a.users().get(i % a.users().size());
            threads.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() - start < nanos) {
                    long t0 = System.nanoTime();
                    try (ImapClient c = ImapClient.connect(a.host(), a.port(), 10_000)) {
                        c.command("LOGIN " + ImapClient.quote(user) + " " + ImapClient.quote(a.pass())).requireOk();
                        c.command("LOGOUT");
                        done.incrementAndGet();
                        latencies.add(System.nanoTime() - t0);
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        long elapsed = System.nanoTime() - start;
        long[] lat = latencies.stream().mapToLong(Long::longValue).toArray();
        new Report("login-rate (" + clients + " clients)")
            .add("logins", done.get(), "")
            .add("failures", failed.get(), "")
            .add("rate", done.get() / Report.seconds(elapsed), "logins/s")
            .add("latency p50", Report.millis(Report.percentile(lat, 50)), "ms")
            .add("latency p99", Report.millis(Report.percentile(lat, 99)), "ms")
            .print();
    }
}
