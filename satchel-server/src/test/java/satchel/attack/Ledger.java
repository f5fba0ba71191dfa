package satchel.attack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A legitimate user appending to INBOX from 127.0.0.1 every {@link #PERIOD_MS} ms while the attacks run. Every
 * APPEND answered OK with APPENDUID (RFC 4315) is written to the ledger file at once, as
 * "uidvalidity uid message-id"; {@link #verify} later checks that each is still there with its own Message-ID,
 * also after the server was stopped and started again. Runs on its own daemon thread.
 */
final class Ledger implements AutoCloseable {
    static final int PERIOD_MS = 250;
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID (\\d+) (\\d+)\\]", Pattern.CASE_INSENSITIVE);

    record Event(long nanos, boolean ok) {}

    /**
     * The outcome of a check: acknowledged entries, those missing or changed, and the first problem; deferred when
     * the server was stopped by the run and the check is left to {@code AttackRunner verify} after a restart.
     */
    record Check(int acknowledged, int missing, String firstProblem, boolean deferred) {
        Check(int acknowledged, int missing, String firstProblem) { this(acknowledged, missing, firstProblem, false); }

        boolean passed() { return missing == 0 && firstProblem == null; }

        static Check deferred(Path file) throws IOException {
            return new Check(Files.exists(file) ? Files.readAllLines(file).size() : 0, 0, null, true);
        }
    }

    private final Target target;
    private final Path file;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final List<Event> events = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stop;
    private int seq;

    Ledger(Target target, Path file) {
        this.target = target;
        this.file = file;
        this.thread = Thread.ofPlatform().name("attack-ledger").daemon().start(this::loop);
    }

    private void loop() {
        while (!stop) {
            try (Wire w = Wire.open(target, Target.LEGIT_SOURCE, false, Probe.TIMEOUT_MS, 0)) {
                if (!w.login(target.ledger(), target.password())) throw new IOException("ledger login refused");
                while (!stop) {
                    append(w);
                    Thread.sleep(PERIOD_MS);
                }
            } catch (IOException | RuntimeException e) {
                record(false);
                pause();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void append(Wire w) throws IOException {
        String id = "ledger-" + run + "-" + (++seq) + "@attack.invalid";
        byte[] msg = ("From: ledger@attack.invalid\r\nSubject: ledger " + seq + "\r\nMessage-ID: <" + id
                + ">\r\n\r\nacknowledged appends must survive\r\n").getBytes(StandardCharsets.US_ASCII);
        w.send("A APPEND INBOX {" + msg.length + "}\r\n");
        String cont = w.until("+", "A");
        if (!cont.startsWith("+")) {
            record(false);
            return;
        }
        w.send(msg);
        w.send("\r\n");
        String done = w.await("A");
        Matcher m = APPENDUID.matcher(done);
        if (done.startsWith("A OK") && m.find()) {
            String line = m.group(1) + " " + m.group(2) + " " + id + "\n";
            Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            record(true);
        } else {
            record(false);
        }
    }

    private void record(boolean ok) {
        synchronized (events) {
            events.add(new Event(System.nanoTime(), ok));
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Acknowledged and failed appends in a window. */
    int[] counts(long fromNanos, long toNanos) {
        int ok = 0;
        int failed = 0;
        synchronized (events) {
            for (Event e : events) {
                if (e.nanos() < fromNanos || e.nanos() > toNanos) continue;
                if (e.ok()) ok++;
                else failed++;
            }
        }
        return new int[] {ok, failed};
    }

    /** Checks every entry of the ledger file against the ledger user's INBOX. */
    static Check verify(Target t, Path file) throws IOException {
        Map<Long, String> expected = new HashMap<>();
        long validity = -1;
        for (String line : Files.exists(file) ? Files.readAllLines(file) : List.<String>of()) {
            String[] f = line.trim().split(" ");
            if (f.length != 3) continue;
            long v = Long.parseLong(f[0]);
            if (validity != -1 && v != validity) return new Check(expected.size(), 0, "UIDVALIDITY changed during the run");
            validity = v;
            expected.put(Long.parseLong(f[1]), f[2]);
        }
        if (expected.isEmpty()) return new Check(0, 0, null);
        Map<Long, String> present = new HashMap<>();
        try (Wire w = Wire.open(t, Target.LEGIT_SOURCE, false, 60_000, 0)) {
            if (!w.login(t.ledger(), t.password())) return new Check(expected.size(), expected.size(), "login refused");
            w.send("s SELECT INBOX\r\n");
            long seen = -1;
            for (String l = w.line(); !l.startsWith("s "); l = w.line()) {
                Matcher m = Pattern.compile("UIDVALIDITY (\\d+)").matcher(l);
                if (m.find()) seen = Long.parseLong(m.group(1));
            }
            if (seen != validity) return new Check(expected.size(), expected.size(), "UIDVALIDITY is " + seen + ", ledger has " + validity);
            w.send("f UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])\r\n");
            Pattern uid = Pattern.compile("UID (\\d+)");
            Pattern mid = Pattern.compile("<([^>]+)>");
            for (String l = w.lineWithLiteral(4096); !l.startsWith("f "); l = w.lineWithLiteral(4096)) {
                Matcher u = uid.matcher(l);
                Matcher m = mid.matcher(l);
                if (u.find()) present.put(Long.parseLong(u.group(1)), m.find() ? m.group(1) : "");
            }
            w.command("o", "LOGOUT");
        } catch (IOException e) {
            throw new UncheckedIOException("ledger verification failed: " + e.getMessage(), e);
        }
        int missing = 0;
        String first = null;
        for (var e : expected.entrySet()) {
            String got = present.get(e.getKey());
            if (!e.getValue().equals(got)) {
                missing++;
                if (first == null) first = "UID " + e.getKey() + (got == null ? " missing" : " holds " + got);
            }
        }
        return new Check(expected.size(), missing, first);
    }

    @Override public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(Probe.TIMEOUT_MS + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
