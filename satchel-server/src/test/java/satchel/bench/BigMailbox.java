package satchel.bench;

/**
 * The two reads issue 12 asks for on a big mailbox, nothing else: {@code FETCH 1:* (UID FLAGS)} and {@code UID
 * SEARCH BODY}, each run three times (the first also pays for what the server caches; the median is the figure).
 * The SELECT before them is timed apart: on a server that indexes on first open (Dovecot's Maildir) it is the
 * fill's tail, not a read figure.
 */
final class BigMailbox {
    private BigMailbox() {}

    static void run(Args a) throws Exception {
        String mailbox = a.str("mailbox", "INBOX");
        String word = a.str("word", "xylophone");
        Report r = new Report("big mailbox (" + mailbox + ")");
        try (ImapClient c = ImapClient.login(a.host(), a.port(), a.user(), a.pass())) {
            c.setTimeout(1_800_000);
            long t0 = System.nanoTime();
            long[] exists = {0};
            c.command("SELECT " + ImapClient.quote(mailbox), l -> {
                String t = l.text();
                if (t.endsWith(" EXISTS")) exists[0] = Long.parseLong(t.substring(2, t.indexOf(' ', 2)));
            }).requireOk();
            r.add("messages", exists[0], "").add("SELECT", Report.millis(System.nanoTime() - t0), "ms");
            times(r, c, "FETCH 1:* (UID FLAGS)", "FETCH 1:* (UID FLAGS)");
            times(r, c, "UID SEARCH BODY \"" + word + "\"", "UID SEARCH BODY \"" + word + "\"");
            c.logout();
        }
        r.print();
    }

    private static void times(Report r, ImapClient c, String name, String command) throws Exception {
        long[] ms = new long[3];
        long[] lines = {0};
        for (int i = 0; i < ms.length; i++) {
            lines[0] = 0;
            long t0 = System.nanoTime();
            c.command(command, _ -> lines[0]++).requireOk();
            ms[i] = System.nanoTime() - t0;
            r.add(name + " #" + (i + 1), Report.millis(ms[i]), "ms");
        }
        r.add(name + " median", Report.millis(Report.percentile(ms, 50)), "ms").add("  untagged lines", lines[0], "");
    }
}
