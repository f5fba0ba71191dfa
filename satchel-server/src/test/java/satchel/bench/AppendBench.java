package satchel.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** APPEND throughput with realistic messages, and fast bulk filling of a mailbox. */
final class AppendBench {
    private AppendBench() {}

    static void append(Args a) throws Exception {
        int clients = a.integer("clients", 4);
        int messages = a.integer("messages", 2000);
        int batch = a.integer("batch", 1); // above 1: MULTIAPPEND (RFC 3502) of that many messages per command
        String mailbox = a.str("mailbox", "INBOX");
        ensureMailbox(a, mailbox);
        // Generate first so that the timing is the server's, not the generator's.
        List<List<byte[]>> work = new ArrayList<>();
        long totalBytes = 0;
        for (int i = 0; i < clients; i++) {
            MessageGen gen = new MessageGen(1000 + i, true);
            List<byte[]> mine = new ArrayList<>();
            for (int k = i; k < messages; k += clients) mine.add(gen.next("append-" + k));
            for (byte[] m : mine) totalBytes += m.length;
            work.add(mine);
        }
        List<ImapClient> conns = new ArrayList<>();
        for (int i = 0; i < clients; i++) conns.add(ImapClient.login(a.host(), a.port(), a.users().get(i % a.users().size()), a.pass()));
        AtomicLong failed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            ImapClient c = conns.get(i);
            List<byte[]> mine = work.get(i);
            threads.add(Thread.ofPlatform().start(() -> {
                if (batch > 1) {
                    for (int from = 0; from < mine.size(); from += batch) {
                        List<byte[]> part = mine.subList(from, Math.min(mine.size(), from + batch));
                        try {
                            multiAppend(c, mailbox, part);
                        } catch (Exception e) {
                            failed.addAndGet(part.size());
                        }
                    }
                    return;
                }
                for (byte[] m : mine) {
                    try {
                        if (!c.append(mailbox, null, m).ok()) failed.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        return;
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        long elapsed = System.nanoTime() - t0;
        for (ImapClient c : conns) { c.logout(); c.close(); }
        new Report("append (" + clients + " clients, " + mailbox + (batch > 1 ? ", MULTIAPPEND of " + batch : "") + ")")
            .add("messages", messages, "")
            .add("failed", failed.get(), "")
            .add("payload", Report.mb(totalBytes), "MiB")
            .add("mean message size", totalBytes / 1024.0 / messages, "KiB")
            .add("elapsed", Report.seconds(elapsed), "s")
            .add("rate", messages / Report.seconds(elapsed), "messages/s")
            .add("throughput", Report.mb(totalBytes) / Report.seconds(elapsed), "MiB/s")
            .print();
    }

    static void populate(Args a) throws Exception {
        int messages = a.integer("messages", 100_000);
        int batch = a.integer("batch", 200);
        String mailbox = a.str("mailbox", "bench");
        ensureMailbox(a, mailbox);
        MessageGen gen = new MessageGen(42, a.flag("attachments"));
        long bytes = 0;
        String mode;
        long t0 = System.nanoTime();
        try (ImapClient c = ImapClient.login(a.host(), a.port(), a.user(), a.pass())) {
            c.setTimeout(600_000);
            boolean plus = c.has("LITERAL+");
            if (c.has("MULTIAPPEND")) {
                mode = "MULTIAPPEND" + (plus ? " + LITERAL+" : "") + ", " + batch + " per command";
                for (int done = 0; done < messages; ) {
                    int n = Math.min(batch, messages - done);
                    bytes += multiAppend(c, mailbox, gen, done, n, plus);
                    done += n;
                }
            } else if (plus) {
                mode = "pipelined APPEND + LITERAL+, window " + batch;
                bytes = pipelined(c, mailbox, gen, messages, batch);
            } else {
                mode = "sequential APPEND";
                for (int i = 0; i < messages; i++) {
                    byte[] m = gen.next("populate-" + i);
                    bytes += m.length;
                    c.append(mailbox, null, m).requireOk();
                }
            }
            c.logout();
        }
        long elapsed = System.nanoTime() - t0;
        new Report("populate (" + mailbox + ")")
            .note("mode: " + mode)
            .add("messages", messages, "")
            .add("payload", Report.mb(bytes), "MiB")
            .add("elapsed", Report.seconds(elapsed), "s")
            .add("rate", messages / Report.seconds(elapsed), "messages/s")
            .add("throughput", Report.mb(bytes) / Report.seconds(elapsed), "MiB/s")
            .print();
    }

    /** RFC 3502: one APPEND carrying n messages; atomic on the server side. */
    private static long multiAppend(ImapClient c, String mailbox, MessageGen gen, int first, int n, boolean plus)
            throws Exception {
        String tag = c.send("APPEND " + ImapClient.quote(mailbox));
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            byte[] m = gen.next("populate-" + (first + i));
            bytes += m.length;
            c.writeAscii(" (\\Seen) {" + m.length + (plus ? "+" : "") + "}\r\n");
            if (!plus) {
                c.flush();
                ImapClient.Line cont = c.readLine();
                if (!cont.text().startsWith("+")) throw new ImapClient.ImapException("MULTIAPPEND: " + cont.text());
            }
            c.write(m);
        }
        c.writeAscii("\r\n");
        c.flush();
        c.readUntilTagged(tag, l -> { }).requireOk();
        return bytes;
    }

    /** One MULTIAPPEND of pre-generated messages (LITERAL+ if advertised). */
    private static void multiAppend(ImapClient c, String mailbox, List<byte[]> messages) throws Exception {
        boolean plus = c.has("LITERAL+");
        String tag = c.send("APPEND " + ImapClient.quote(mailbox));
        for (byte[] m : messages) {
            c.writeAscii(" {" + m.length + (plus ? "+" : "") + "}\r\n");
            if (!plus) {
                c.flush();
                ImapClient.Line cont = c.readLine();
                if (!cont.text().startsWith("+")) throw new ImapClient.ImapException("MULTIAPPEND: " + cont.text());
            }
            c.write(m);
        }
        c.writeAscii("\r\n");
        c.flush();
        c.readUntilTagged(tag, l -> { }).requireOk();
    }

    /** LITERAL+ lets us stream APPENDs without waiting; a bounded window keeps both socket buffers drained. */
    private static long pipelined(ImapClient c, String mailbox, MessageGen gen, int messages, int window)
            throws Exception {
        ArrayDeque<String> tags = new ArrayDeque<>();
        long bytes = 0;
        for (int i = 0; i < messages; i++) {
            byte[] m = gen.next("populate-" + i);
            bytes += m.length;
            tags.add(c.send("APPEND " + ImapClient.quote(mailbox) + " (\\Seen) {" + m.length + "+}\r\n"));
            c.write(m);
            c.writeAscii("\r\n");
            if (tags.size() >= window) {
                c.flush();
                c.readUntilTagged(tags.poll(), l -> { }).requireOk();
            }
        }
        c.flush();
        while (!tags.isEmpty()) c.readUntilTagged(tags.poll(), l -> { }).requireOk();
        return bytes;
    }

    static void ensureMailbox(Args a, String mailbox) throws Exception {
        if (mailbox.toUpperCase(Locale.ROOT).equals("INBOX")) return;
        try (ImapClient c = ImapClient.login(a.host(), a.port(), a.user(), a.pass())) {
            c.command("CREATE " + ImapClient.quote(mailbox));  // NO when it exists: fine
            c.logout();
        }
    }
}
