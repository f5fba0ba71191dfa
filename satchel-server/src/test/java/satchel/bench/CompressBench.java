package satchel.bench;

/**
 * A sync-like download (all headers, then all bodies) of the first N messages, once plain and once with
 * COMPRESS=DEFLATE (RFC 4978): wire bytes, ratio, time.
 */
final class CompressBench {
    private CompressBench() {}

    static void run(Args a) throws Exception {
        String mailbox = a.str("mailbox", "bench");
        int n = a.integer("messages", 2000);
        Report r = new Report("compress (" + mailbox + ", first " + n + " messages)");
        long[] plain = sync(a, mailbox, n, false);
        if (plain == null) {
            new Report("compress").note("skipped: server does not advertise COMPRESS=DEFLATE").print();
            return;
        }
        long[] deflate = sync(a, mailbox, n, true);
        r.add("plain: bytes received", Report.mb(plain[0]), "MiB")
            .add("plain: time", Report.millis(plain[1]), "ms")
            .add("plain: throughput", Report.mb(plain[2]) / Report.seconds(plain[1]), "MiB/s (decoded)")
            .add("deflate: bytes received", Report.mb(deflate[0]), "MiB")
            .add("deflate: bytes sent", deflate[3] / 1024.0, "KiB")
            .add("deflate: time", Report.millis(deflate[1]), "ms")
            .add("deflate: throughput", Report.mb(deflate[2]) / Report.seconds(deflate[1]), "MiB/s (decoded)")
            .add("ratio (wire plain / deflate)", plain[0] / (double) Math.max(1, deflate[0]), "x")
            .print();
    }

    /** Returns {wire bytes in, nanos, decoded bytes, wire bytes out}, or null when compression is unavailable. */
    private static long[] sync(Args a, String mailbox, int n, boolean deflate) throws Exception {
        try (ImapClient c = ImapClient.login(a.host(), a.port(), a.user(), a.pass())) {
            c.setTimeout(600_000);
            if (!c.has("COMPRESS=DEFLATE")) return null;
            long t0 = System.nanoTime();
            long in0 = c.bytesRead();
            long out0 = c.bytesWritten();
            if (deflate && !c.compress()) return null;
            long[] decoded = {0};
            c.command("SELECT " + ImapClient.quote(mailbox)).requireOk();
            String range = "1:" + n;
            c.command("FETCH " + range + " (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER])", l -> count(l, decoded)).requireOk();
            c.command("FETCH " + range + " (UID BODY.PEEK[])", l -> count(l, decoded)).requireOk();
            long el = System.nanoTime() - t0;
            long[] res = {c.bytesRead() - in0, el, decoded[0], c.bytesWritten() - out0};
            c.logout();
            return res;
        }
    }

    private static void count(ImapClient.Line l, long[] decoded) {
        decoded[0] += l.text().length() + 2;
        for (byte[] b : l.literals()) decoded[0] += b.length;
    }
}
