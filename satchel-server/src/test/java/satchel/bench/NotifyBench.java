package satchel.bench;

import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

/**
 * NOTIFY (RFC 5465) costs: the time from an APPEND in one session to the STATUS (another mailbox) or EXISTS
 * (the selected one, NOTIFY SELECTED) it causes in a second session that sends no command; and the server memory
 * per session with NOTIFY SET on PERSONAL when the user has many mailboxes.
 */
final class NotifyBench {
    private NotifyBench() {}

    static void latency(Args a) throws Exception {
        int count = a.integer("count", 300);
        boolean selected = a.flag("selected");
        String box = selected ? "INBOX" : a.str("mailbox", "notifybench");
        byte[] msg = new MessageGen(11, false).next("notify-latency");
        try (ImapClient writer = ImapClient.login(a.host(), a.port(), a.user(), a.pass());
             ImapClient watcher = ImapClient.login(a.host(), a.port(), a.user(), a.pass())) {
            writer.command("CREATE " + box);
            String expect;
            if (selected) {
                watcher.command("SELECT INBOX").requireOk();
                watcher.command("NOTIFY SET (SELECTED (MessageNew MessageExpunge))").requireOk();
                expect = " EXISTS";
            } else {
                watcher.command("NOTIFY SET (PERSONAL (MessageNew MessageExpunge))").requireOk();
                expect = "* STATUS " + box + " ";
            }
            watcher.setTimeout(10_000);
            long[] nanos = new long[count];
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                writer.append(box, null, msg).requireOk();
                while (true) {
                    String line = watcher.readLine().text();
                    if (selected ? line.endsWith(expect) : line.startsWith(expect)) break;
                }
                nanos[i] = System.nanoTime() - t0;
            }
            long[] appendOnly = new long[Math.min(count, 100)];
            watcher.command("NOTIFY NONE").requireOk();
            for (int i = 0; i < appendOnly.length; i++) {
                long t0 = System.nanoTime();
                writer.append(box, null, msg).requireOk();
                appendOnly[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            Arrays.sort(appendOnly);
            new Report("notify-latency (" + (selected ? "SELECTED: EXISTS" : "PERSONAL: STATUS") + ", " + count + " APPENDs)")
                    .add("APPEND sent to notification read, p50", Report.millis(Report.percentile(nanos, 50)), "ms")
                    .add("p99", Report.millis(Report.percentile(nanos, 99)), "ms")
                    .add("APPEND round trip alone (no NOTIFY), p50", Report.millis(Report.percentile(appendOnly, 50)), "ms")
                    .print();
        }
    }

    /** The server's heap in use after a full GC, from jcmd beside the running java (0 if it cannot be asked). */
    private static long liveHeapKb(long pid) throws Exception {
        String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, Long.toString(pid), "GC.run");
        String info = run(jcmd, Long.toString(pid), "GC.heap_info");
        var m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    static void memory(Args a) throws Exception {
        int sessions = a.integer("sessions", 50);
        int mailboxes = a.integer("mailboxes", 1000);
        long pid = a.pid();
        try (ImapClient setup = ImapClient.login(a.host(), a.port(), a.user(), a.pass())) {
            for (int i = 0; i < mailboxes; i++) setup.command("CREATE nb/" + i);
        }
        List<ImapClient> plain = new ArrayList<>();
        List<ImapClient> notifying = new ArrayList<>();
        try {
            long h0 = liveHeapKb(pid);
            long r0 = Rss.vmRssKb(pid);
            for (int i = 0; i < sessions; i++) plain.add(ImapClient.login(a.host(), a.port(), a.user(), a.pass()));
            Thread.sleep(2000);
            long h1 = liveHeapKb(pid);
            long r1 = Rss.vmRssKb(pid);
            long t0 = System.nanoTime();
            for (int i = 0; i < sessions; i++) {
                ImapClient c = ImapClient.login(a.host(), a.port(), a.user(), a.pass());
                c.command("NOTIFY SET (PERSONAL (MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange))")
                        .requireOk();
                notifying.add(c);
            }
            long setNanos = (System.nanoTime() - t0) / sessions;
            Thread.sleep(2000);
            long h2 = liveHeapKb(pid);
            long r2 = Rss.vmRssKb(pid);
            new Report("notify-memory (" + sessions + " sessions, " + mailboxes + " mailboxes, PERSONAL)")
                    .add("VmRSS per logged-in session without NOTIFY", (r1 - r0) / (double) sessions, "KiB")
                    .add("VmRSS per logged-in session with NOTIFY SET", (r2 - r1) / (double) sessions, "KiB")
                    .add("live heap per session without NOTIFY (after full GC)", (h1 - h0) / (double) sessions, "KiB")
                    .add("live heap per session with NOTIFY SET (after full GC)", (h2 - h1) / (double) sessions, "KiB")
                    .add("login + NOTIFY SET time per session", Report.millis(setNanos), "ms")
                    .print();
        } finally {
            for (ImapClient c : plain) c.logout();
            for (ImapClient c : notifying) c.logout();
        }
    }
}
