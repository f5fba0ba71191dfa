package satchel.bench;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What an RFC 5267 updating context costs when mail arrives: one session selects a (large) mailbox, opens
 * {@code UID SEARCH RETURN (UPDATE) UNSEEN} (unless {@code --no-context}) and idles; another appends one message at a
 * time. Reported: from sending the APPEND to the idler's EXISTS, and to its ESEARCH ADDTO.
 */
final class ContextBench {
    private ContextBench() {}

    private record Seen(String line, long at) {}

    static void run(Args a) throws Exception {
        String mailbox = a.str("mailbox", "bench");
        int rounds = a.integer("rounds", 50);
        boolean context = !a.flag("no-context");
        byte[] msg = new MessageGen(11, false).next("context-latency");
        try (ImapClient idler = ImapClient.login(a.host(), a.port(), a.user(), a.pass());
             ImapClient appender = ImapClient.login(a.host(), a.port(), a.user(), a.pass())) {
            idler.setTimeout(600_000);
            long t0 = System.nanoTime();
            idler.command("SELECT " + ImapClient.quote(mailbox)).requireOk();
            long selected = System.nanoTime() - t0;
            t0 = System.nanoTime();
            if (context) idler.command("UID SEARCH RETURN (UPDATE COUNT) UNSEEN").requireOk();
            long searched = System.nanoTime() - t0;
            idler.writeAscii("i1 IDLE\r\n");
            idler.flush();
            if (!idler.readLine().text().startsWith("+")) throw new IllegalStateException("IDLE refused");
            BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) seen.add(new Seen(idler.readLine().text(), System.nanoTime()));
                } catch (Exception e) {
                    // the connection closes at the end
                }
            });
            long[] exists = new long[rounds], addto = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long sent = System.nanoTime();
                appender.append(mailbox, null, msg).requireOk();
                boolean gotExists = false, gotAddto = !context;
                while (!gotExists || !gotAddto) {
                    Seen s = seen.poll(30, TimeUnit.SECONDS);
                    if (s == null) throw new IllegalStateException("no update within 30 s in round " + i);
                    if (s.line().endsWith(" EXISTS")) {
                        exists[i] = s.at() - sent;
                        gotExists = true;
                    } else if (s.line().contains(" ADDTO ")) {
                        addto[i] = s.at() - sent;
                        gotAddto = true;
                    }
                }
            }
            idler.writeAscii("DONE\r\n");
            idler.flush();
            Report r = new Report("context-latency (" + mailbox + ", " + (context ? "with" : "without") + " an updating SEARCH context)")
                .add("SELECT", Report.millis(selected), "ms")
                .add("rounds", rounds, "")
                .add("APPEND sent to EXISTS p50", Report.millis(Report.percentile(exists, 50)), "ms")
                .add("APPEND sent to EXISTS p99", Report.millis(Report.percentile(exists, 99)), "ms");
            if (context) {
                r.add("UID SEARCH RETURN (UPDATE COUNT) UNSEEN", Report.millis(searched), "ms")
                    .add("APPEND sent to ADDTO p50", Report.millis(Report.percentile(addto, 50)), "ms")
                    .add("APPEND sent to ADDTO p99", Report.millis(Report.percentile(addto, 99)), "ms");
            }
            r.print();
            reader.interrupt();
        }
    }
}
