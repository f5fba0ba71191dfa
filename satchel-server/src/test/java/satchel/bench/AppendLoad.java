package satchel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * APPEND as synchronisers send it (issue 11): several connections, each either sending MULTIAPPEND batches
 * (RFC 3502, {@code --mode multi --batch 10}) or single APPENDs pipelined with LITERAL+ ({@code --mode pipelined
 * --batch 10}: up to that many commands in flight). The server's CPU seconds are read from /proc before and after
 * (the whole process tree, so Dovecot's per-session processes count), as are its memory and the load average.
 * With {@code --search}, one more message is appended and a {@code UID SEARCH BODY} for a word only it holds is
 * sent at once after its OK: the time and the hit count (which must be 1) say whether fresh mail is found fast.
 */
final class AppendLoad {
    private AppendLoad() {}

    static void run(Args a) throws Exception {
        int clients = a.integer("clients", 4);
        int messages = a.integer("messages", 2000);
        int batch = a.integer("batch", 10);
        String mode = a.str("mode", "multi");
        String mailbox = a.str("mailbox", "INBOX");
        long pid = Long.parseLong(a.str("pid", "-1"));
        for (String user : a.users()) {
            AppendBench.ensureMailbox(new Args(java.util.Map.of("host", a.host(), "port", String.valueOf(a.port()),
                    "user", user, "pass", a.pass())), mailbox);
        }
        String run = Long.toString(System.nanoTime(), 36);
        List<List<byte[]>> work = new ArrayList<>();
        long totalBytes = 0;
        for (int i = 0; i < clients; i++) {
            // -Dbench.attachments=false: no 100 KB - 1 MB attachments (what large messages cost the collector, issue 11)
            MessageGen gen = new MessageGen(7000 + i + mailbox.hashCode(),
                    Boolean.parseBoolean(System.getProperty("bench.attachments", "true")));
            List<byte[]> mine = new ArrayList<>();
            for (int k = i; k < messages; k += clients) mine.add(gen.next("load-" + run + "-" + k));
            for (byte[] m : mine) totalBytes += m.length;
            work.add(mine);
        }
        List<ImapClient> conns = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ImapClient c = ImapClient.login(a.host(), a.port(), a.users().get(i % a.users().size()), a.pass());
            c.setTimeout(600_000);
            if (!c.has("LITERAL+")) throw new IllegalStateException("the server lacks LITERAL+");
            if (mode.equals("multi") && !c.has("MULTIAPPEND")) throw new IllegalStateException("no MULTIAPPEND");
            conns.add(c);
        }
        AtomicLong failed = new AtomicLong();
        String loadBefore = loadAverage();
        double cpu0 = cpuSeconds(pid);
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ImapClient c = conns.get(i);
            List<byte[]> mine = work.get(i);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    if (mode.equals("multi")) multi(c, mailbox, mine, batch, failed);
                    else pipelined(c, mailbox, mine, batch, failed);
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) t.join();
        long elapsed = System.nanoTime() - t0;
        double cpu = cpuSeconds(pid) - cpu0;
        // The title up to " (" keys compare.sh's table: mode and mailbox tell the runs apart.
        Report r = new Report("append-load " + mode + batch + " " + mailbox + " (" + clients + " clients)")
                .note("load average before: " + loadBefore + ", after: " + loadAverage())
                .add("messages", messages, "")
                .add("failed", failed.get(), "")
                .add("mean message size", totalBytes / 1024.0 / messages, "KiB")
                .add("rate", messages / Report.seconds(elapsed), "messages/s")
                .add("throughput", Report.mb(totalBytes) / Report.seconds(elapsed), "MiB/s");
        if (pid > 0) {
            r.add("server CPU", cpu, "s").add("server CPU per message", cpu * 1000 / messages, "ms");
            r.add("server RSS", Rss.vmRssKb(pid) / 1024.0, "MiB").add("server PSS (tree)", Rss.treePssKb(pid)[0] / 1024.0, "MiB");
        }
        if (a.flag("search")) freshSearch(conns.getFirst(), mailbox, run, r);
        for (ImapClient c : conns) { c.logout(); c.close(); }
        r.print();
    }

    private static void multi(ImapClient c, String mailbox, List<byte[]> mine, int batch, AtomicLong failed)
            throws IOException {
        for (int from = 0; from < mine.size(); from += batch) {
            String tag = c.send("APPEND " + ImapClient.quote(mailbox));
            for (byte[] m : mine.subList(from, Math.min(mine.size(), from + batch))) {
                c.writeAscii(" {" + m.length + "+}\r\n");
                c.write(m);
            }
            c.writeAscii("\r\n");
            c.flush();
            if (!c.readUntilTagged(tag, l -> { }).ok()) failed.addAndGet(Math.min(batch, mine.size() - from));
        }
    }

    private static void pipelined(ImapClient c, String mailbox, List<byte[]> mine, int window, AtomicLong failed)
            throws IOException {
        ArrayDeque<String> tags = new ArrayDeque<>();
        for (byte[] m : mine) {
            tags.add(c.send("APPEND " + ImapClient.quote(mailbox) + " {" + m.length + "+}\r\n"));
            c.write(m);
            c.writeAscii("\r\n");
            if (tags.size() >= window) {
                c.flush();
                if (!c.readUntilTagged(tags.poll(), l -> { }).ok()) failed.incrementAndGet();
            }
        }
        c.flush();
        while (!tags.isEmpty()) if (!c.readUntilTagged(tags.poll(), l -> { }).ok()) failed.incrementAndGet();
    }

    /** One more APPEND, then at once a SEARCH BODY for its unique word (and for a common one) in that mailbox. */
    private static void freshSearch(ImapClient c, String mailbox, String run, Report r) throws IOException {
        String word = "fresh" + run + "zq";
        byte[] m = new MessageGen(99, false).next(word);
        c.append(mailbox, null, m).requireOk();
        c.command("SELECT " + ImapClient.quote(mailbox)).requireOk();
        long t0 = System.nanoTime();
        int[] hits = {0};
        c.command("UID SEARCH BODY \"" + word + "\"", l -> {
            if (l.text().startsWith("* SEARCH")) hits[0] += l.text().split(" ").length - 2;
        }).requireOk();
        r.add("SEARCH BODY just-appended word", Report.millis(System.nanoTime() - t0), "ms").add("  hits", hits[0], "");
        t0 = System.nanoTime();
        int[] common = {0};
        c.command("UID SEARCH BODY \"xylophone\"", l -> {
            if (l.text().startsWith("* SEARCH")) common[0] += l.text().split(" ").length - 2;
        }).requireOk();
        r.add("SEARCH BODY xylophone", Report.millis(System.nanoTime() - t0), "ms").add("  hits", common[0], "");
    }

    /** utime + stime of the process and all its descendants, in seconds; 0 without a pid. */
    static double cpuSeconds(long pid) {
        if (pid <= 0) return 0;
        long ticks = 0;
        for (long p : Rss.tree(pid)) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(p), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // fields 14-17 of proc(5): utime stime cutime cstime (reaped children count too)
                for (int i = 11; i <= 14; i++) ticks += Long.parseLong(f[i]);
            } catch (IOException | RuntimeException e) {
                // a session process that ended meanwhile: its time went to its parent's cutime
            }
        }
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return String.format(Locale.ROOT, "%s %s %s", f[0], f[1], f[2]);
        } catch (IOException e) {
            return "unknown";
        }
    }
}
