package satchel.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import satchel.bench.ImapClient;

/**
 * The clients of one cycle: appenders (some APPENDs carry \Seen) and one client that STOREs flags on
 * acknowledged messages and UID COPYs them to the archive. They run until their connection breaks or they are
 * told to stop; whatever they saw acknowledged goes into the ledger.
 */
final class CrashWorkers {
    static final String ARCHIVE = "Archive";

    private final String host;
    private final int port;
    private final String user;
    private final String pass;
    private final Ledger ledger;
    private final List<ImapClient> clients = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    final AtomicInteger acknowledged = new AtomicInteger();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private volatile boolean stop;

    CrashWorkers(String host, int port, String user, String pass, Ledger ledger) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.pass = pass;
        this.ledger = ledger;
    }

    void start(int cycle, int appenders, long seed) {
        for (int i = 0; i < appenders; i++) {
            String id = "c" + cycle + "w" + i;
            SplittableRandom rnd = new SplittableRandom(seed + i);
            threads.add(Thread.ofVirtual().name(id).start(() -> guard(() -> append(id, rnd))));
        }
        // One more appender pipelines its APPENDs (LITERAL+, several in flight), which the server reads ahead and
        // commits together: each OK must still mean that message is durable.
        String piped = "c" + cycle + "p";
        SplittableRandom prnd = new SplittableRandom(seed - 2);
        threads.add(Thread.ofVirtual().name(piped).start(() -> guard(() -> appendPipelined(piped, prnd))));
        SplittableRandom rnd = new SplittableRandom(seed - 1);
        threads.add(Thread.ofVirtual().name("c" + cycle + "flags").start(() -> guard(() -> flagsAndCopies(rnd))));
    }

    /** Stops the workers; closing their sockets ends any blocking read. */
    void stop() throws InterruptedException {
        stop = true;
        for (ImapClient c : clients) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (Thread t : threads) t.join(30_000);
    }

    private interface Body { void run() throws Exception; }

    private void guard(Body body) {
        try {
            body.run();
        } catch (IOException expectedOnKill) {
            // the server went away (or we closed the socket): the cycle is over for this client
        } catch (AssertionError | RuntimeException e) {
            if (!stop) failures.add(e);  // a NO/BAD or protocol surprise while the server was healthy
        } catch (Exception e) {
            failures.add(e);
        }
    }

    private ImapClient open() throws IOException {
        ImapClient c = ImapClient.login(host, port, user, pass);
        clients.add(c);
        if (stop) c.close();
        return c;
    }

    private void append(String id, SplittableRandom rnd) throws Exception {
        ImapClient c = open();
        for (int n = 0; !stop; n++) {
            byte[] msg = message(id + "n" + n, rnd);
            String hash = sha256(msg);
            boolean seen = rnd.nextBoolean();
            ledger.attempt(hash);
            ImapClient.Result r = c.append("INBOX", seen ? "\\Seen" : null, msg);
            if (!r.ok()) continue;  // a refusal is allowed; it just promises nothing
            String[] code = requireCode(r, "APPENDUID");
            ledger.acknowledge("INBOX", Long.parseLong(code[0]), Long.parseLong(code[1]), hash,
                seen ? Set.of("\\Seen") : Set.of());
            acknowledged.incrementAndGet();
        }
    }

    private void appendPipelined(String id, SplittableRandom rnd) throws Exception {
        ImapClient c = open();
        ArrayDeque<String[]> inFlight = new ArrayDeque<>(); // tag, hash
        for (int n = 0; !stop; n++) {
            byte[] msg = message(id + "n" + n, rnd);
            String hash = sha256(msg);
            ledger.attempt(hash);
            String tag = c.send("APPEND INBOX {" + msg.length + "+}\r\n");
            c.write(msg);
            c.writeAscii("\r\n");
            inFlight.add(new String[] {tag, hash});
            if (inFlight.size() >= 1 + rnd.nextInt(12)) {
                c.flush();
                while (!inFlight.isEmpty()) settle(c, inFlight.poll());
            }
        }
    }

    private void settle(ImapClient c, String[] tagAndHash) throws IOException {
        ImapClient.Result r = c.readUntilTagged(tagAndHash[0], l -> { });
        if (!r.ok()) return;
        String[] code = requireCode(r, "APPENDUID");
        ledger.acknowledge("INBOX", Long.parseLong(code[0]), Long.parseLong(code[1]), tagAndHash[1], Set.of());
        acknowledged.incrementAndGet();
    }

    private void flagsAndCopies(SplittableRandom rnd) throws Exception {
        ImapClient c = open();
        c.command("SELECT INBOX").requireOk();
        String[] keywords = {"\\Flagged", "\\Answered", "$Label1", "$Label2", "\\Draft"};
        while (!stop) {
            long uid = ledger.randomInboxUid();
            if (uid < 0) {
                c.command("NOOP").requireOk();  // nothing acknowledged yet; a round trip paces the loop
                continue;
            }
            if (rnd.nextInt(3) == 0) {
                ImapClient.Result r = c.command("UID COPY " + uid + " " + ARCHIVE);
                if (!r.ok()) continue;
                String[] code = requireCode(r, "COPYUID");
                ledger.acknowledge(ARCHIVE, Long.parseLong(code[0]), Long.parseLong(code[2]),
                    ledger.messages.get(new Ledger.Key("INBOX", uid)), Set.of());
            } else {
                String kw = keywords[rnd.nextInt(keywords.length)];
                if (c.command("UID STORE " + uid + " +FLAGS.SILENT (" + kw + ")").ok()) ledger.addFlags("INBOX", uid, Set.of(kw));
            }
            acknowledged.incrementAndGet();
        }
    }

    private static String[] requireCode(ImapClient.Result r, String name) {
        String code = r.code(name);
        if (code == null) throw new AssertionError("OK without " + name + ": " + r.text());
        return code.split(" ");
    }

    /** A small unique message; sizes vary so that writes straddle pages and blocks differently. */
    static byte[] message(String id, SplittableRandom rnd) {
        StringBuilder b = new StringBuilder("From: crash@example.com\r\nTo: alice@example.com\r\nSubject: crash ")
            .append(id).append("\r\nMessage-ID: <").append(id).append("@crash.test>\r\n\r\n");
        int size = 200 + rnd.nextInt(6_000);
        while (b.length() < size) b.append("line ").append(rnd.nextLong()).append("\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
