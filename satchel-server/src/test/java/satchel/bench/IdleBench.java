package satchel.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Memory per connection, and IDLE notification latency, with NIO-driven client connections. */
final class IdleBench {
    private IdleBench() {}

    static void conns(Args a) throws Exception {
        int count = a.integer("count", 5000);
        long pid = a.pid();
        boolean idle = a.flag("idle");
        long[] before = memory(pid);
        try (NioIdlers n = new NioIdlers(a.host(), a.port(), a.pass(), a.flag("select"), idle, 2, a.integer("inflight", 64))) {
            long t0 = System.nanoTime();
            boolean settled = n.open(count, a.users(), TimeUnit.SECONDS.toNanos(a.integer("timeout", 300)));
            long opened = System.nanoTime() - t0;
            // Let the server finish per-session allocation (buffers, mailbox views) before sampling.
            Thread.sleep(a.integer("settle-ms", 2000));
            long[] after = memory(pid);
            int ok = n.ready.get();
            Report r = new Report("idle-conns (" + (idle ? "SELECT INBOX + IDLE" : a.flag("select") ? "SELECT INBOX" : "authenticated") + ")")
                .add("connections requested", count, "")
                .add("connections established", ok, "")
                .add("connections failed", n.failed.get(), "")
                .add("setup rate", ok / Report.seconds(opened), "conn/s");
            if (pid > 0) {
                r.add("server VmRSS before", before[0] / 1024.0, "MiB")
                    .add("server VmRSS after", after[0] / 1024.0, "MiB")
                    .add("VmRSS delta per connection", ok == 0 ? 0 : (after[0] - before[0]) / (double) ok, "KiB")
                    .add("process-tree PSS before", before[1] / 1024.0, "MiB (" + before[2] + " processes)")
                    .add("process-tree PSS after", after[1] / 1024.0, "MiB (" + after[2] + " processes)")
                    .add("tree PSS delta per connection", ok == 0 ? 0 : (after[1] - before[1]) / (double) ok, "KiB");
            }
            if (!settled) r.note("timed out before every connection settled");
            errors(r, n.errors);
            r.print();
        }
    }

    /** VmRSS of pid, PSS of its process tree, process count (KiB); zeros without a pid. */
    private static long[] memory(long pid) {
        if (pid <= 0) return new long[3];
        long[] tree = Rss.treePssKb(pid);
        return new long[] {Rss.vmRssKb(pid), tree[0], tree[1]};
    }

    static void latency(Args a) throws Exception {
        int count = a.integer("count", 10000);
        List<String> users = a.users();
        try (NioIdlers n = new NioIdlers(a.host(), a.port(), a.pass(), true, true, 2, a.integer("inflight", 64))) {
            boolean settled = n.open(count, users, TimeUnit.SECONDS.toNanos(a.integer("timeout", 300)));
            Thread.sleep(a.integer("settle-ms", 1000));  // let late IDLE setups (inotify etc.) complete
            byte[] msg = new MessageGen(7, false).next("idle-latency");
            Map<String, ImapClient> appenders = new HashMap<>();
            for (String u : users) appenders.put(u, ImapClient.login(a.host(), a.integer("append-port", a.port()), u, a.pass())); // another node: cross-node IDLE
            // Round 1 meets cold code on both nodes (the first APPEND and the first fan-out of fresh JVMs); later
            // rounds are what a running server does. Each round waits for every EXISTS, then a pause.
            int rounds = Math.max(1, a.integer("rounds", 1));
            Report r = new Report("idle-latency (" + n.ready.get() + " idlers over " + users.size() + " user(s))");
            List<Long> warm = new java.util.ArrayList<>();
            long warmOk = 0;
            boolean all = true;
            for (int round = 1; round <= rounds; round++) {
                for (NioIdlers.Conn c : n.conns) c.existsAt = 0;
                Map<String, Long> sentAt = new HashMap<>();
                Map<String, Long> okAt = new HashMap<>();
                // One APPEND per user, each from its own connection, started together. Wall clock too, to line up
                // with the servers' log lines (bench/scale-out.sh prints them as hops).
                java.time.Instant sentWall = java.time.Instant.now();
                Thread[] threads = new Thread[users.size()];
                for (int i = 0; i < users.size(); i++) {
                    String u = users.get(i);
                    synchronized (sentAt) { sentAt.put(u, System.nanoTime()); }
                    threads[i] = Thread.ofPlatform().start(() -> {
                        try {
                            long t0;
                            synchronized (sentAt) { t0 = sentAt.get(u); }
                            appenders.get(u).append("INBOX", null, msg).requireOk();
                            synchronized (sentAt) { okAt.put(u, System.nanoTime() - t0); }
                        } catch (Exception e) {
                            n.errors.merge("append: " + e.getMessage(), 1, Integer::sum);
                        }
                    });
                }
                for (Thread t : threads) t.join();
                all &= n.awaitExists(System.nanoTime() + TimeUnit.SECONDS.toNanos(a.integer("wait", 60)));
                long[] lat = n.conns.stream().filter(c -> c.state == NioIdlers.State.READY && c.existsAt != 0)
                    .mapToLong(c -> c.existsAt - sentAt.get(c.user)).toArray();
                long missing = n.conns.stream().filter(c -> c.state == NioIdlers.State.READY && c.existsAt == 0).count();
                long ok = okAt.values().stream().mapToLong(x -> x).max().orElse(0);
                if (round == 1) {
                    r.add("idlers established", n.ready.get(), "")
                        .add("idlers failed", n.failed.get(), "")
                        .add("APPEND tagged OK after", Report.millis(ok), "ms")
                        .add("EXISTS received", lat.length, "")
                        .add("EXISTS missing", missing, "")
                        .add("latency p50", Report.millis(Report.percentile(lat, 50)), "ms")
                        .add("latency p99", Report.millis(Report.percentile(lat, 99)), "ms")
                        .add("latency max", Report.millis(Report.percentile(lat, 100)), "ms");
                } else {
                    for (long l : lat) warm.add(l);
                    warmOk = Math.max(warmOk, ok);
                    if (missing > 0) r.note("round " + round + ": " + missing + " EXISTS missing");
                }
                r.note(String.format("round %d: APPEND sent at %s, tagged OK after %.1f ms, EXISTS p50 %.1f ms, p99 %.1f ms",
                    round, sentWall, Report.millis(ok), Report.millis(Report.percentile(lat, 50)),
                    Report.millis(Report.percentile(lat, 99))));
                if (round < rounds) Thread.sleep(a.integer("pause-ms", 2000));
            }
            if (rounds > 1) {
                long[] w = warm.stream().mapToLong(x -> x).toArray();
                r.add("warm rounds (2.." + rounds + "): APPEND tagged OK max", Report.millis(warmOk), "ms")
                    .add("warm rounds: latency p50", Report.millis(Report.percentile(w, 50)), "ms")
                    .add("warm rounds: latency p99", Report.millis(Report.percentile(w, 99)), "ms")
                    .add("warm rounds: latency max", Report.millis(Report.percentile(w, 100)), "ms");
            }
            if (!settled) r.note("timed out before every idler was set up");
            if (!all) r.note("some idlers never saw EXISTS within the wait");
            errors(r, n.errors);
            r.print();
            for (ImapClient c : appenders.values()) c.close();
        }
    }

    static void errors(Report r, Map<String, Integer> errors) {
        errors.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(5)
            .forEach(e -> r.note("error x" + e.getValue() + ": " + e.getKey()));
    }
}
