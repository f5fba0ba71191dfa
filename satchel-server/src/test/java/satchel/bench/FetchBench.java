package satchel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Read-side figures on a populated mailbox: SELECT, bulk FETCH, random body FETCH, SEARCH, memory. */
final class FetchBench {

    private FetchBench() {}

    static void run(Args a) throws Exception {
        String mailbox = a.str("mailbox", "bench");
        Report r = new Report("fetch (" + mailbox + ")");
        try (ImapClient c = ImapClient.login(a.host(), a.port(), a.user(), a.pass())) {
            c.setTimeout(600_000);
            Cpu selectCpu = Cpu.start(a.pid());
            long t0 = System.nanoTime();
            c.command("SELECT " + ImapClient.quote(mailbox)).requireOk();
            r.add("SELECT", Report.millis(System.nanoTime() - t0), "ms");
            selectCpu.report(r);

            // The first FETCH is read as the warm one is, without decoding its lines: decoding 100,000 lines into
            // strings in a client JVM that has just started took 15x the server's time (December 7, readfirst).
            long b0 = c.bytesRead();
            t0 = System.nanoTime();
            c.commandSkipping("FETCH 1:* (UID FLAGS)").requireOk();
            long firstFlags = System.nanoTime() - t0;
            long firstBytes = c.bytesRead() - b0;
            List<Long> uids = new ArrayList<>();
            c.command("FETCH 1:* (UID)", l -> {
                long uid = uid(l.text());
                if (uid > 0) uids.add(uid);
            }).requireOk();
            r.add("messages", uids.size(), "")
                .add("FETCH 1:* (UID FLAGS)", Report.millis(firstFlags), "ms")
                .add("  response size", Report.mb(firstBytes), "MiB");
            if (a.pid() > 0) r.add("  server RSS with it selected", Rss.vmRssKb(a.pid()) / 1024.0, "MiB");
            if (uids.isEmpty()) throw new IllegalStateException("mailbox is empty: run populate first");

            b0 = c.bytesRead();
            t0 = System.nanoTime();
            c.commandSkipping("FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE)").requireOk();
            long el = System.nanoTime() - t0;
            long bytes = c.bytesRead() - b0;
            r.add("FETCH 1:* (... ENVELOPE BODYSTRUCTURE)", Report.millis(el), "ms")
                .add("  response size", Report.mb(bytes), "MiB")
                .add("  throughput", Report.mb(bytes) / Report.seconds(el), "MiB/s");
            // Both again, warm (caches filled, JIT done): the figures a client reconnecting to a busy server sees.
            Cpu cpu = Cpu.start(a.pid());
            t0 = System.nanoTime();
            c.commandSkipping("FETCH 1:* (UID FLAGS)").requireOk();
            r.add("FETCH 1:* (UID FLAGS), warm", Report.millis(System.nanoTime() - t0), "ms");
            cpu.report(r);
            cpu = Cpu.start(a.pid());
            t0 = System.nanoTime();
            c.commandSkipping("FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE)").requireOk();
            r.add("FETCH 1:* (... ENVELOPE BODYSTRUCTURE), warm", Report.millis(System.nanoTime() - t0), "ms");
            cpu.report(r);

            int sequential = Math.min(a.integer("bodies", 1000), uids.size());
            cpu = Cpu.start(a.pid());
            b0 = c.bytesRead();
            t0 = System.nanoTime();
            for (int i = 0; i < sequential; i++) c.command("UID FETCH " + uids.get(i) + " BODY.PEEK[]", l -> { }).requireOk();
            el = System.nanoTime() - t0;
            bytes = c.bytesRead() - b0;
            r.add("BODY.PEEK[] x" + sequential + " sequential", Report.millis(el), "ms")
                .add("  rate", sequential / Report.seconds(el), "messages/s")
                .add("  throughput", Report.mb(bytes) / Report.seconds(el), "MiB/s");
            cpu.report(r);

            int bodies = Math.min(a.integer("bodies", 1000), uids.size());
            SplittableRandom rnd = new SplittableRandom(99);
            b0 = c.bytesRead();
            t0 = System.nanoTime();
            for (int i = 0; i < bodies; i++) {
                c.command("UID FETCH " + uids.get(rnd.nextInt(uids.size())) + " BODY.PEEK[]", l -> { }).requireOk();
            }
            el = System.nanoTime() - t0;
            bytes = c.bytesRead() - b0;
            r.add("BODY.PEEK[] x" + bodies + " random", Report.millis(el), "ms")
                .add("  rate", bodies / Report.seconds(el), "messages/s")
                .add("  throughput", Report.mb(bytes) / Report.seconds(el), "MiB/s");

            search(c, r, "SUBJECT", "UID SEARCH SUBJECT \"invoice\"");
            search(c, r, "FROM", "UID SEARCH FROM \"alice\"");
            search(c, r, "BODY", "UID SEARCH BODY \"xylophone\"");
            search(c, r, "combined", "UID SEARCH SUBJECT \"budget\" FROM \"carol\" NOT DELETED SINCE 1-Jan-2020");
            c.logout();
        }
        int sessions = a.integer("sessions", 0);
        if (sessions > 0 && a.pid() > 0) sessionMemory(a, mailbox, sessions, r);
        r.print();
    }

    /** The UID in a FETCH response line, or 0: by hand, as a regex per line showed in the client's own time. */
    private static long uid(String line) {
        int i = line.indexOf("UID ");
        if (i < 0) return 0;
        long v = 0;
        for (int p = i + 4; p < line.length() && Character.isDigit(line.charAt(p)); p++) v = v * 10 + (line.charAt(p) - '0');
        return v;
    }

    /** Server CPU seconds and the machine's load over one measurement, sampled from /proc (pid 0: load only). */
    private record Cpu(long pid, double cpu0) {
        static Cpu start(long pid) { return new Cpu(pid, pid > 0 ? Rss.treeCpuSeconds(pid) : 0); }

        void report(Report r) {
            if (pid > 0) r.add("  server CPU", Rss.treeCpuSeconds(pid) - cpu0, "s");
            r.add("  load average (1 min)", Rss.load1(), "");
        }
    }

    private static void search(ImapClient c, Report r, String name, String cmd) throws Exception {
        int[] hits = {0};
        long t0 = System.nanoTime();
        c.command(cmd, l -> {
            if (l.text().startsWith("* SEARCH")) hits[0] += l.text().split(" ").length - 2;
        }).requireOk();
        r.add("UID SEARCH " + name, Report.millis(System.nanoTime() - t0), "ms").add("  hits", hits[0], "");
    }

    private static void sessionMemory(Args a, String mailbox, int sessions, Report r) throws Exception {
        long before = Rss.vmRssKb(a.pid());
        long beforeTree = Rss.treePssKb(a.pid())[0];
        List<ImapClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < sessions; i++) {
                ImapClient c = ImapClient.login(a.host(), a.port(), a.user(), a.pass());
                open.add(c);
                c.setTimeout(600_000);
                c.command("SELECT " + ImapClient.quote(mailbox)).requireOk();
            }
            Thread.sleep(1000);  // let the server settle its per-session state before sampling
            long after = Rss.vmRssKb(a.pid());
            long afterTree = Rss.treePssKb(a.pid())[0];
            r.add(sessions + " sessions selected: VmRSS", after / 1024.0, "MiB")
                .add("  VmRSS delta", (after - before) / 1024.0, "MiB")
                .add("  process-tree PSS", afterTree / 1024.0, "MiB")
                .add("  tree PSS delta", (afterTree - beforeTree) / 1024.0, "MiB");
        } finally {
            for (ImapClient c : open) { c.logout(); c.close(); }
        }
    }
}
