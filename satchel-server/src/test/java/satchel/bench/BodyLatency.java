package satchel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Single-message body FETCH, one round trip at a time, timed each (issue 11): percentiles, MiB/s and server CPU per
 * fetch. {@code --bulk-first} runs {@code FETCH 1:* (UID FLAGS)} on the same session before timing, {@code --random}
 * picks UIDs at random instead of in order, {@code --rounds} repeats the whole set on the same session.
 */
final class BodyLatency {

    private BodyLatency() {}

    static void run(Args a) throws Exception {
        String mailbox = a.str("mailbox", "bench");
        int n = a.integer("bodies", 1000);
        boolean random = a.flag("random");
        Report r = new Report("body-latency (" + mailbox + (random ? ", random" : ", sequential")
                + (a.flag("bulk-first") ? ", after a bulk FETCH" : "") + ")");
        try (ImapClient c = ImapClient.login(a.host(), a.port(), a.user(), a.pass())) {
            c.setTimeout(600_000);
            List<Long> uids = new ArrayList<>();
            if (a.flag("bulk-first")) {
                c.command("SELECT " + ImapClient.quote(mailbox)).requireOk();
                c.commandSkipping("FETCH 1:* (UID FLAGS)").requireOk();
            } else {
                c.command("EXAMINE " + ImapClient.quote(mailbox)).requireOk();
            }
            // The UIDs of the first n messages (sequential) or a spread over all (random), without a bulk FETCH.
            long first = uid(c, "1");
            long last = uid(c, "*");
            SplittableRandom rnd = new SplittableRandom(99);
            for (int i = 0; i < n; i++) uids.add(random ? first + rnd.nextLong(last - first + 1) : first + i);
            if (a.flag("bulk-first")) {
                c.command("CLOSE").requireOk();
                c.command("EXAMINE " + ImapClient.quote(mailbox)).requireOk();
            }
            // --bulk N: also time N warm bulk FETCHes of each kind (what a wake-up change could slow: long writes).
            for (String bulk : List.of("FETCH 1:* (UID FLAGS)", "FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE)")) {
                for (int k = 0; k < a.integer("bulk", 0); k++) {
                    double cpu0 = a.pid() > 0 ? Rss.treeCpuSeconds(a.pid()) : 0;
                    long t0 = System.nanoTime();
                    c.commandSkipping(bulk).requireOk();
                    r.add(bulk.substring(0, Math.min(bulk.length(), 30)) + "... #" + (k + 1), Report.millis(System.nanoTime() - t0), "ms");
                    if (a.pid() > 0) r.add("  server CPU", Rss.treeCpuSeconds(a.pid()) - cpu0, "s");
                }
            }
            for (int round = 0; round < a.integer("rounds", 1); round++) {
                long[] each = new long[n];
                double cpu0 = a.pid() > 0 ? Rss.treeCpuSeconds(a.pid()) : 0;
                long cs0 = a.pid() > 0 ? Rss.treeContextSwitches(a.pid()) : 0;
                long b0 = c.bytesRead();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long s = System.nanoTime();
                    c.commandSkipping("UID FETCH " + uids.get(i) + " BODY.PEEK[]").requireOk();
                    each[i] = System.nanoTime() - s;
                }
                long el = System.nanoTime() - t0;
                long bytes = c.bytesRead() - b0;
                String p = "round " + (round + 1) + ": ";
                r.add(p + "p50", each.length == 0 ? 0 : Report.percentile(each, 50) / 1e3, "us")
                        .add("  p90", Report.percentile(each, 90) / 1e3, "us")
                        .add("  p99", Report.percentile(each, 99) / 1e3, "us")
                        .add("  rate", n / Report.seconds(el), "messages/s")
                        .add("  throughput", Report.mb(bytes) / Report.seconds(el), "MiB/s");
                if (a.pid() > 0) {
                    r.add("  server CPU per fetch", (Rss.treeCpuSeconds(a.pid()) - cpu0) / n * 1e6, "us")
                            .add("  server context switches per fetch", (Rss.treeContextSwitches(a.pid()) - cs0) / (double) n, "");
                }
                r.add("  load average (1 min)", Rss.load1(), "");
            }
            c.logout();
        }
        r.print();
    }

    /** The UID of message {@code seq} ("*": the last), without decoding a bulk response. */
    private static long uid(ImapClient c, String seq) throws Exception {
        long[] found = {0};
        c.command("FETCH " + seq + " (UID)", l -> {
            String t = l.text();
            int i = t.indexOf("UID ");
            if (i < 0) return;
            int e = i + 4;
            while (e < t.length() && Character.isDigit(t.charAt(e))) e++;
            found[0] = Long.parseLong(t.substring(i + 4, e));
        }).requireOk();
        return found[0];
    }
}
