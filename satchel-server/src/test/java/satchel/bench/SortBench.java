package satchel.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SORT and THREAD (RFC 5256, RFC 5957) on a populated mailbox: each command timed twice (the first run may load
 * what the server keeps between commands, the second shows the steady state). With {@code --mbox FILE} the
 * mailbox is filled first from an mbox, in order, so two servers given the same file hold the same messages
 * with the same sequence numbers; {@code --dump DIR} writes each untagged response to a file there, so the
 * answers of two servers can be compared with {@code diff -r}.
 */
final class SortBench {
    static final List<String> COMMANDS = List.of(
            "SORT (DATE) UTF-8 ALL", "SORT (SUBJECT) UTF-8 ALL", "SORT (DISPLAYFROM) UTF-8 ALL",
            "SORT (REVERSE ARRIVAL) UTF-8 ALL", "SORT (FROM SIZE) UTF-8 ALL", "SORT (TO REVERSE DATE) UTF-8 ALL",
            "THREAD REFERENCES UTF-8 ALL", "THREAD ORDEREDSUBJECT UTF-8 ALL");

    private SortBench() {}

    static void run(Args a) throws Exception {
        String mailbox = a.str("mailbox", "bench");
        String mbox = a.str("mbox", "");
        String dump = a.str("dump", "");
        if (!mbox.isEmpty()) fill(a, mailbox, Path.of(mbox));
        Report r = new Report("sort (" + mailbox + ")");
        try (ImapClient c = ImapClient.login(a.host(), a.port(), a.user(), a.pass())) {
            c.setTimeout(600_000);
            c.command("SELECT " + ImapClient.quote(mailbox)).requireOk();
            for (String cmd : COMMANDS) {
                if (!c.has(cmd.startsWith("THREAD") ? "THREAD=" + cmd.split(" ")[1] : "SORT")) continue;
                for (String run : List.of("first", "again")) {
                    StringBuilder answer = new StringBuilder();
                    long t0 = System.nanoTime();
                    c.command(cmd, l -> { if (l.isUntagged()) answer.append(l.text()).append('\n'); }).requireOk();
                    r.add(cmd.replace(" UTF-8 ALL", "") + " (" + run + ")", Report.millis(System.nanoTime() - t0), "ms");
                    if (!dump.isEmpty() && run.equals("first")) {
                        Files.createDirectories(Path.of(dump));
                        Files.writeString(Path.of(dump, cmd.replaceAll("[^A-Za-z]+", "_") + ".txt"),
                                answer.toString().replace("* THREAD \n", "* THREAD\n"));
                    }
                }
            }
            c.logout();
        }
        r.print();
    }

    /** Appends every message of an mbox ("From " separated, ">From " unquoted) in order. */
    private static void fill(Args a, String mailbox, Path mbox) throws Exception {
        AppendBench.ensureMailbox(a, mailbox);
        List<byte[]> messages = split(Files.readAllLines(mbox, StandardCharsets.ISO_8859_1));
        try (ImapClient c = ImapClient.login(a.host(), a.port(), a.user(), a.pass())) {
            c.setTimeout(600_000);
            for (byte[] m : messages) c.append(mailbox, null, m).requireOk();
            c.logout();
        }
    }

    private static List<byte[]> split(List<String> lines) {
        List<byte[]> out = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : lines) {
            if (line.startsWith("From ")) {
                if (cur != null) out.add(cur.toString().getBytes(StandardCharsets.ISO_8859_1));
                cur = new StringBuilder();
            } else if (cur != null) {
                cur.append(line.startsWith(">From ") ? line.substring(1) : line).append("\r\n");
            }
        }
        if (cur != null) out.add(cur.toString().getBytes(StandardCharsets.ISO_8859_1));
        return out;
    }
}
