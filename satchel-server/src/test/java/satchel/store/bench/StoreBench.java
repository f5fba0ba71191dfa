package satchel.store.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.MailboxSnapshot;
import satchel.store.NewMessage;
import satchel.store.UserMail;
import satchel.store.memory.MemoryMailStore;
import satchel.store.sqlite.SqliteMailStore;

/**
 * Not a test: times appends and snapshot() on a large mailbox. Usage:
 * {@code StoreBench [sqlite|memory|postgresql] [messages=100000] [batch=100] [dir]}. Message sizes are 1-16 KiB of
 * header plus text, like ordinary mail. Prints one line per measurement. {@code postgresql} runs on the embedded test
 * server (a fresh database).
 */
public final class StoreBench {
    private StoreBench() {}

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "sqlite";
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("satchel-bench");
        try (MailStore store = switch (kind) {
            case "memory" -> new MemoryMailStore();
            case "postgresql" -> satchel.store.postgres.PostgresTestServer.open(dir);
            default -> SqliteMailStore.open(dir);
        }) {
            UserMail mail = store.mail(store.createUser("bench", "h", null));
            MailboxId inbox = mail.find("INBOX").orElseThrow().id();
            Random random = new Random(42);

            long bytes = 0;
            long start = System.nanoTime();
            for (int done = 0; done < total; done += batch) {
                List<NewMessage> list = new ArrayList<>();
                for (int i = 0; i < Math.min(batch, total - done); i++) list.add(message(random, done + i));
                for (NewMessage m : list) bytes += m.content().length;
                mail.append(inbox, list);
            }
            report("append " + total + " in batches of " + batch, start, total, bytes);

            start = System.nanoTime();
            int singles = Math.min(1000, total);
            for (int i = 0; i < singles; i++) mail.append(inbox, List.of(message(random, i)));
            report("append one at a time", start, singles, 0);

            for (int run = 0; run < 5; run++) {
                start = System.nanoTime();
                MailboxSnapshot snap = mail.snapshot(inbox);
                report("snapshot of " + snap.messages().size() + " messages (run " + (run + 1) + ")", start, 1, 0);
            }
            start = System.nanoTime();
            var status = mail.status(inbox);
            report("status (" + status.messages() + " messages)", start, 1, 0);
            start = System.nanoTime();
            List<Long> all = mail.snapshot(inbox).messages().stream().map(m -> m.uid()).toList();
            var changed = mail.updateFlags(inbox, all, new satchel.store.FlagUpdate(
                    satchel.store.FlagUpdate.Mode.ADD, Set.of("\\Seen"), -1));
            report("STORE +FLAGS \\Seen on " + changed.changed().size() + " messages", start, 1, 0);
        }
        System.out.println("data directory: " + dir);
        System.exit(0); // the embedded PostgreSQL stops in a shutdown hook
    }

    private static void report(String what, long startNanos, int ops, long bytes) {
        double ms = (System.nanoTime() - startNanos) / 1e6;
        String rate = ops > 1 ? String.format(" (%.3f ms each, %.0f/s)", ms / ops, ops / (ms / 1000)) : "";
        String volume = bytes > 0 ? String.format(", %.1f MiB", bytes / 1048576.0) : "";
        System.out.printf("%-55s %10.1f ms%s%s%n", what, ms, rate, volume);
    }

    private static NewMessage message(Random random, int n) {
        StringBuilder sb = new StringBuilder(16 * 1024);
        sb.append("Return-Path: <sender").append(n % 97).append("@example.org>\r\n")
                .append("Received: from mx.example.org by mail.example.net; Fri, 27 Nov 2026 10:00:00 +0000\r\n")
                .append("From: Sender ").append(n % 97).append(" <sender").append(n % 97).append("@example.org>\r\n")
                .append("To: bench@example.net\r\nSubject: Benchmark message ").append(n).append("\r\n")
                .append("Date: Fri, 27 Nov 2026 10:00:00 +0000\r\nMessage-ID: <").append(n).append("@example.org>\r\n")
                .append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
        int target = 1024 + random.nextInt(15 * 1024);
        while (sb.length() < target) sb.append("Lorem ipsum dolor sit amet, consectetur adipiscing elit ").append(n).append("\r\n");
        return new NewMessage(sb.toString().getBytes(StandardCharsets.UTF_8), Set.of(),
                Instant.parse("2026-11-27T10:00:00Z"));
    }
}
