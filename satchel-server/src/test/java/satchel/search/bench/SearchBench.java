package satchel.search.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import satchel.auth.Passwords;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.TextQuery;
import satchel.store.User;
import satchel.store.UserMail;
import satchel.store.sqlite.SqliteMailStore;

/**
 * Not a test: FETCH and SEARCH on a big mailbox through a real server session over loopback, for profiling.
 * Usage: {@code SearchBench [messages=100000] [dir] [parts=store,fetch,body,search]}. A directory that already holds the user "bench" is
 * reused as it is (so a second run measures without populating, and an old database is migrated on open).
 * Prints one line per measurement.
 */
public final class SearchBench {
    static final String USER = "bench", PASSWORD = "bench-pw";

    private SearchBench() {}

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("satchel-search-bench");
        Set<String> parts = Set.of((args.length > 2 ? args[2] : "store,fetch,body,search").split(","));
        long t = System.nanoTime();
        MailStore store = SqliteMailStore.open(dir);
        report("open store (migrations included)", t, 0);
        populate(store, total);
        if (parts.contains("store")) storeLevel(store);
        ServerConfig config = ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps("off");
        try (ImapServer server = ImapServer.start(config, store); Client c = new Client(server.imapAddress())) {
            c.run("LOGIN " + USER + " " + PASSWORD);
            c.run("SELECT INBOX");
            for (int run = 1; run <= (parts.contains("fetch") ? 3 : 0); run++) {
                t = System.nanoTime();
                long bytes = c.run("FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE)");
                report("FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE) run " + run, t, bytes);
            }
            Random random = new Random(7);
            int exists = c.exists;
            for (int run = 1; run <= (parts.contains("body") ? 2 : 0); run++) {
                long bytes = 0;
                t = System.nanoTime();
                for (int i = 0; i < 1000; i++) bytes += c.run("FETCH " + (1 + random.nextInt(exists)) + " BODY.PEEK[]");
                report("FETCH n BODY.PEEK[] x1000 random, run " + run, t, bytes);
            }
            String[] searches = {"UID SEARCH SUBJECT quarterly", "UID SEARCH FROM alice", "UID SEARCH FROM \"Zoë\"",
                "UID SEARCH BODY xylophone", "UID SEARCH BODY budget", "UID SEARCH BODY \"straße\"",
                "UID SEARCH TEXT xylophone", "UID SEARCH BODY zq",
                "UID SEARCH FROM alice SUBJECT report BODY xylophone", "UID SEARCH OR SUBJECT xylophone BODY xylophone",
                "UID SEARCH UNSEEN SINCE 1-Mar-2023 FROM carol NOT BODY budget", "UID SEARCH SENTSINCE 1-Jun-2023"};
            for (String s : parts.contains("search") ? searches : new String[0]) {
                for (int run = 1; run <= 2; run++) {
                    t = System.nanoTime();
                    c.run(s);
                    report(s + " (" + c.lastHits + " hits) run " + run, t, 0);
                }
            }
        }
        System.out.println("data directory: " + dir);
    }

    private static void populate(MailStore store, int total) throws Exception {
        User user = store.user(USER).orElse(null);
        if (user != null) return;
        user = store.createUser(USER, Passwords.hash(PASSWORD), null);
        UserMail mail = store.mail(user);
        MailboxId inbox = mail.find("INBOX").orElseThrow().id();
        MailGen gen = new MailGen(42);
        long bytes = 0, t = System.nanoTime();
        Instant base = Instant.parse("2023-01-01T08:00:00Z");
        for (int done = 0; done < total; done += 500) {
            List<NewMessage> batch = new ArrayList<>();
            for (int i = done; i < Math.min(total, done + 500); i++) {
                byte[] m = gen.next();
                bytes += m.length;
                batch.add(new NewMessage(m, i % 3 == 0 ? Set.of() : Set.of("\\Seen"), base.plusSeconds(300L * i)));
            }
            mail.append(inbox, batch);
        }
        report("populate " + total + " messages (" + bytes / 1048576 + " MiB)", t, bytes);
    }

    /** The store's share of FETCH and SEARCH, without sessions and rendering. */
    private static void storeLevel(MailStore store) throws Exception {
        UserMail mail = store.mail(store.user(USER).orElseThrow());
        MailboxId inbox = mail.find("INBOX").orElseThrow().id();
        List<Long> uids = mail.snapshot(inbox).messages().stream().map(m -> m.uid()).toList();
        for (int run = 1; run <= 2; run++) {
            long t = System.nanoTime();
            long n = 0;
            for (int from = 0; from < uids.size(); from += 500) {
                n += mail.fetchStructures(inbox, uids.subList(from, Math.min(uids.size(), from + 500))).size();
            }
            report("store: fetchStructures of " + n + " in batches of 500, run " + run, t, 0);
        }
        for (TextQuery q : List.of(TextQuery.header("SUBJECT", "quarterly"), TextQuery.header("FROM", "alice"),
                TextQuery.body("xylophone"), TextQuery.body("budget"), TextQuery.text("xylophone"))) {
            long t = System.nanoTime();
            int n = mail.textCandidates(inbox, List.of(q)).map(Set::size).orElse(-1);
            report("store: textCandidates " + q + " -> " + n, t, 0);
        }
    }

    static void report(String what, long startNanos, long bytes) {
        double ms = (System.nanoTime() - startNanos) / 1e6;
        String rate = bytes > 0 ? String.format("  %.1f MiB, %.1f MiB/s", bytes / 1048576.0, bytes / 1048576.0 / (ms / 1000)) : "";
        System.out.printf("%-85s %10.1f ms%s%n", what, ms, rate);
    }

    /** A minimal IMAP client: one command at a time, literals read as counted bytes. */
    public static final class Client implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private int tag;
        int exists;
        int lastHits;
        /** Untagged responses of the last command (without literal contents), for tests that compare them. */
        public final List<String> untagged = new ArrayList<>();
        private long received;

        public Client(InetSocketAddress address) throws IOException {
            socket = new Socket(address.getAddress(), address.getPort());
            in = socket.getInputStream();
            out = socket.getOutputStream();
            line(); // greeting
        }

        /** Sends one command and reads through its tagged OK; returns the bytes received. */
        public long run(String command) throws IOException {
            String t = "a" + ++tag;
            out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            received = 0;
            untagged.clear();
            while (true) {
                String s = line();
                if (s.startsWith("* ")) untagged.add(s.strip());
                if (s.startsWith(t + " ")) {
                    if (!s.startsWith(t + " OK")) throw new IOException(command + " failed: " + s.strip());
                    return received;
                }
                if (s.endsWith(" EXISTS\r\n")) exists = Integer.parseInt(s.split(" ")[1]);
                if (s.startsWith("* SEARCH")) lastHits = s.strip().split(" ").length - 2;
            }
        }

        /** One response line; literals it carries are read whole and counted in {@link #received}, not kept. */
        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(256);
            while (true) {
                int c = read();
                b.write(c);
                received++;
                if (c != '\n') continue;
                byte[] sofar = b.toByteArray();
                int n = sofar.length;
                if (n >= 4 && sofar[n - 3] == '}') {
                    int open = n - 4;
                    while (open >= 0 && sofar[open] != '{') open--;
                    long len = Long.parseLong(new String(sofar, open + 1, n - 4 - open, StandardCharsets.US_ASCII)
                            .replace("+", ""));
                    skip(len);
                    received += len;
                    continue;
                }
                return new String(sofar, StandardCharsets.UTF_8);
            }
        }

        private final byte[] buf = new byte[1 << 16];
        private int pos, lim;

        /** Unsynchronised buffering: BufferedInputStream's per-byte lock would dominate a 100 MB FETCH. */
        private int read() throws IOException {
            if (pos == lim) fill();
            return buf[pos++] & 0xff;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                if (pos == lim) fill();
                int k = (int) Math.min(n, lim - pos);
                pos += k;
                n -= k;
            }
        }

        private void fill() throws IOException {
            lim = in.read(buf);
            pos = 0;
            if (lim <= 0) throw new IOException("connection closed");
        }

        @Override public void close() throws IOException {
            run("LOGOUT");
            socket.close();
        }
    }
}
