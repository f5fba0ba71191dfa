package satchel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mixed load with latency percentiles, which imaptest's stress mode does not give (it prints means): each client
 * logs in, selects its user's INBOX and sends commands one at a time, drawn from a mix like a mail client's (FETCH
 * of the newest flags and envelopes, STORE, APPEND, SEARCH, STATUS, a body, EXPUNGE of one message, NOOP) for
 * {@code --seconds}, after {@code --warmup} unmeasured seconds. Reports commands/s and p50/p99/max latency, overall
 * and per command; a NO or BAD counts as failed.
 */
final class MixedLoad {
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS");
    private static final Pattern EXPUNGE = Pattern.compile("^\\* \\d+ EXPUNGE");
    private static final String[] KINDS = {"FETCH", "STORE", "APPEND", "SEARCH", "STATUS", "BODY", "EXPUNGE", "NOOP"};
    /** Percent of each kind, in {@link #KINDS} order. */
    private static final int[] MIX = {30, 20, 15, 10, 8, 7, 5, 5};

    private MixedLoad() {}

    private static final class Client {
        final List<long[]> samples = new ArrayList<>(); // {kind, nanos}
        long failed;
        long exists;
    }

    static void run(Args a) throws Exception {
        int clients = a.integer("clients", 50);
        int seconds = a.integer("seconds", 30);
        int warmup = a.integer("warmup", 5);
        List<String> users = a.users();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Client> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        // Logged in and selected: the warm-up and the figures start after every client is, so the figures are the
        // mixed load, not the login storm (Satchel's Argon2 hashes take a core for tens of ms each on a first
        // login; on a loaded machine 50 of them took longer than a 5 s warm-up and cut the rate several-fold).
        CountDownLatch ready = new CountDownLatch(clients);
        long login0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            Client state = new Client();
            results.add(state);
            String user = users.get(i % users.size());
            int seed = i;
            AtomicBoolean counted = new AtomicBoolean();
            Runnable loggedIn = () -> {
                if (counted.compareAndSet(false, true)) ready.countDown();
            };
            threads.add(Thread.ofPlatform().start(() -> {
                try (ImapClient c = ImapClient.login(a.host(), a.port(), user, a.pass())) {
                    c.setTimeout(120_000);
                    loop(c, state, new SplittableRandom(seed), new MessageGen(500 + seed, false), measuring, stop,
                            loggedIn);
                    c.logout();
                } catch (Exception e) {
                    state.failed++;
                } finally {
                    loggedIn.run(); // a client that failed must not hold the others back
                }
            }));
        }
        if (!ready.await(10, TimeUnit.MINUTES)) System.out.println("  (not every client logged in within 10 min)");
        System.out.printf("  %-46s %9.1f s%n", "login and SELECT of every client (not measured):",
                (System.nanoTime() - login0) / 1e9);
        Thread.sleep(warmup * 1000L);
        measuring.set(true);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        long elapsed = System.nanoTime() - t0;
        stop.set(true);
        for (Thread t : threads) t.join();
        report(clients, results, elapsed);
    }

    private static void loop(ImapClient c, Client state, SplittableRandom rnd, MessageGen gen, AtomicBoolean measuring,
                             AtomicBoolean stop, Runnable loggedIn) throws Exception {
        track(state, c.command("SELECT INBOX"));
        loggedIn.run();
        int n = 0;
        while (!stop.get()) {
            int kind = pick(rnd.nextInt(100));
            long t0 = System.nanoTime();
            ImapClient.Result r = command(c, kind, state, rnd, gen, n++);
            long took = System.nanoTime() - t0;
            track(state, r);
            if (!measuring.get()) continue;
            state.samples.add(new long[] {kind, took});
            if (!r.ok()) state.failed++;
        }
    }

    private static ImapClient.Result command(ImapClient c, int kind, Client s, SplittableRandom rnd, MessageGen gen,
                                             int n) throws Exception {
        long last = s.exists;
        long any = last == 0 ? 0 : 1 + rnd.nextLong(last);
        return switch (KINDS[kind]) {
            case "FETCH" -> last == 0 ? c.command("NOOP")
                    : c.command("FETCH " + Math.max(1, last - 9) + ":" + last + " (UID FLAGS ENVELOPE)");
            case "STORE" -> any == 0 ? c.command("NOOP")
                    : c.command("STORE " + any + (rnd.nextBoolean() ? " +" : " -") + "FLAGS (\\Seen)");
            case "APPEND" -> c.append("INBOX", null, gen.next("mixed-" + n + "-" + rnd.nextLong()));
            case "SEARCH" -> c.command("UID SEARCH UNSEEN");
            case "STATUS" -> c.command("STATUS INBOX (MESSAGES UNSEEN UIDNEXT)");
            case "BODY" -> any == 0 ? c.command("NOOP") : c.command("FETCH " + any + " BODY.PEEK[]");
            case "EXPUNGE" -> {
                if (last < 20) yield c.command("NOOP"); // keep a few messages to work on
                ImapClient.Result r = c.command("STORE " + any + " +FLAGS.SILENT (\\Deleted)");
                track(s, r);
                yield r.ok() ? c.command("EXPUNGE") : r;
            }
            default -> c.command("NOOP");
        };
    }

    /** Follows the mailbox's size from EXISTS and EXPUNGE responses. */
    private static void track(Client s, ImapClient.Result r) {
        for (ImapClient.Line l : r.untagged()) {
            Matcher m = EXISTS.matcher(l.text());
            if (m.find()) s.exists = Long.parseLong(m.group(1));
            else if (EXPUNGE.matcher(l.text()).find()) s.exists = Math.max(0, s.exists - 1);
        }
    }

    private static int pick(int percent) {
        int sum = 0;
        for (int k = 0; k < MIX.length; k++) {
            sum += MIX[k];
            if (percent < sum) return k;
        }
        return MIX.length - 1;
    }

    private static void report(int clients, List<Client> results, long elapsed) {
        List<long[]> all = new ArrayList<>();
        long failed = 0;
        for (Client c : results) {
            all.addAll(c.samples);
            failed += c.failed;
        }
        Report r = new Report("mixed load (" + clients + " clients)")
                .add("commands", all.size(), "")
                .add("failed (NO, BAD, dropped)", failed, "")
                .add("rate", all.size() / Report.seconds(elapsed), "commands/s");
        latency(r, "all", all.stream().mapToLong(s -> s[1]).toArray());
        for (int k = 0; k < KINDS.length; k++) {
            int kind = k;
            latency(r, KINDS[k], all.stream().filter(s -> s[0] == kind).mapToLong(s -> s[1]).toArray());
        }
        r.print();
    }

    private static void latency(Report r, String name, long[] nanos) {
        if (nanos.length == 0) return;
        r.add(name + " p50", Report.millis(Report.percentile(nanos, 50)), "ms")
                .add(name + " p99", Report.millis(Report.percentile(nanos, 99)), "ms");
    }
}
