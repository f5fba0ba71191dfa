package satchel.attack;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attacks an IMAP server on loopback, one class at a time, and prints one row per class: duration, the server's
 * peak RSS and open descriptors, the legitimate client's login times while the class ran, the ledger user's
 * appends, whether the server still served afterwards, and a verdict. Uses nothing of Satchel, so it can attack
 * any IMAP server (Dovecot too). See docs/attacks.md.
 *
 * <pre>
 * AttackRunner --port N [--tls-port N] [--pid N] [--only a,c] [--seconds 20] [--ledger FILE] [--tiny]
 *              [--host 127.0.0.1] [--pass pass] [--legit user1] [--ledger-user user2] [--victim user3]
 *              [--attackers user4,…]
 * AttackRunner verify --port N --ledger FILE [--ledger-user user2] [--pass pass]
 * </pre>
 * Exit status 0 when every verdict passed and the ledger was intact, 1 otherwise, 2 for bad arguments.
 */
public final class AttackRunner {
    /** A legitimate login slower than this during a class fails it. */
    static final long MAX_LOGIN_MS = 5_000;

    record Row(String name, long seconds, long peakRssKb, int peakFds, Probe.Stats legit, int appendsOk,
               int appendsFailed, boolean alive, long settleSeconds, String verdict, String note) {
        boolean passed() { return verdict.equals("PASS") || verdict.equals("-"); }
    }

    record Report(List<Row> rows, Ledger.Check ledger, long baselineRssKb) {
        boolean passed() { return rows.stream().allMatch(Row::passed) && ledger.passed(); }
    }

    private AttackRunner() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> a;
        boolean verify = argv.length > 0 && argv[0].equals("verify");
        try {
            a = args(verify ? Arrays.copyOfRange(argv, 1, argv.length) : argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Target t = target(a);
        Path ledger = Path.of(a.getOrDefault("ledger", "attack-ledger.txt"));
        if (verify) {
            try {
                Ledger.Check c = Ledger.verify(t, ledger);
                System.out.println(ledgerLine(c));
                System.exit(c.passed() ? 0 : 1);
            } catch (java.io.UncheckedIOException | java.io.IOException e) {
                System.out.println("ledger: could not be checked: " + e.getMessage());
                System.exit(1);
            }
        }
        Sizes sizes = a.containsKey("tiny") ? Sizes.tiny() : Sizes.full();
        if (a.containsKey("seconds")) sizes = sizes.withSeconds(Integer.parseInt(a.get("seconds")));
        Set<String> only = new LinkedHashSet<>();
        if (a.containsKey("only")) only.addAll(List.of(a.get("only").split(",")));
        Report r = run(t, sizes, Catalog.select(only), ledger, System.out);
        System.out.println();
        print(r, System.out);
        System.exit(r.passed() ? 0 : 1);
    }

    static Target target(Map<String, String> a) {
        List<String> attackers = List.of(a.getOrDefault("attackers", "user4,user5,user6,user7,user8,user9,user10").split(","));
        return new Target(Target.loopback(a.getOrDefault("host", "127.0.0.1")), Integer.parseInt(a.getOrDefault("port", "1143")),
                Integer.parseInt(a.getOrDefault("tls-port", "0")), Long.parseLong(a.getOrDefault("pid", "0")),
                a.getOrDefault("pass", "pass"), a.getOrDefault("legit", "user1"), a.getOrDefault("ledger-user", "user2"),
                a.getOrDefault("victim", "user3"), attackers);
    }

    /** Runs the classes in order, printing each row as it completes; the ledger appends throughout. */
    static Report run(Target t, Sizes sizes, List<Attack> attacks, Path ledgerFile, PrintStream out) throws Exception {
        Files.deleteIfExists(ledgerFile);
        List<Row> rows = new ArrayList<>();
        long baseline;
        try (Sampler sampler = new Sampler(t.pid()); Probe probe = new Probe(t); Ledger ledger = new Ledger(t, ledgerFile)) {
            baseline = sampler.now().rssKb();
            out.printf("server pid %d: RSS %d MB, %d fds before the attacks; %d s per class%n", t.pid(),
                    baseline / 1024, sampler.now().fds(), sizes.seconds());
            List<Attack> ordered = new ArrayList<>(attacks.stream().filter(x -> !x.endsServer()).toList());
            ordered.addAll(attacks.stream().filter(Attack::endsServer).toList());
            for (int slot = 0; slot < ordered.size(); slot++) {
                Attack attack = ordered.get(slot);
                if (t.pid() > 0 && !sampler.alive()) {
                    out.printf("%-18s skipped: the server is gone%n", attack.name());
                    continue;
                }
                if (attack.needsTls() && t.tlsPort() <= 0) {
                    out.printf("%-18s skipped: no --tls-port%n", attack.name());
                    continue;
                }
                Row row;
                try {
                    row = runOne(attack, Catalog.all().indexOf(attack), t, sizes, sampler, probe, ledger);
                } catch (Exception e) { // a bug of the runner, not of the server: keep the rows we have
                    row = new Row(attack.name(), 0, -1, -1, new Probe.Stats(0, -1, -1, 0, null), 0, 0, false, 0,
                            "FAIL: runner error " + e, "");
                }
                rows.add(row);
                out.printf("%-18s %s  %s%n", row.name(), row.verdict(), row.note());
                out.flush();
            }
        }
        boolean stopped = attacks.stream().anyMatch(Attack::endsServer) && t.pid() > 0;
        Ledger.Check check = stopped ? Ledger.Check.deferred(ledgerFile) : Ledger.verify(t, ledgerFile);
        return new Report(rows, check, baseline);
    }

    private static Row runOne(Attack attack, int slot, Target t, Sizes sizes, Sampler sampler, Probe probe,
                              Ledger ledger) throws Exception {
        String prepared = "";
        try {
            attack.prepare(new Ctx(t, sizes, slot, System.nanoTime() + 120_000_000_000L));
        } catch (Exception e) {
            // e.g. a store still busy with the previous class: attack anyway, and say so
            prepared = "preparation failed (" + e + "); ";
        }
        long seconds = sizes.seconds() + (attack.endsServer() ? 60 : 0);
        long start = System.nanoTime();
        Ctx ctx = new Ctx(t, sizes, slot, start + seconds * 1_000_000_000L);
        probe.useTls(attack.needsTls());
        String[] note = {"(no result)"};
        Thread runner = Thread.ofVirtual().name("attack-" + attack.name()).start(() -> {
            try {
                note[0] = attack.run(ctx);
            } catch (Exception | Error e) {
                note[0] = "attack failed: " + e;
            }
        });
        // The attack stops by itself; closing its sockets 10 s after the deadline unblocks one that did not.
        if (!runner.join(java.time.Duration.ofSeconds(seconds + 10))) ctx.closeAll();
        runner.join(java.time.Duration.ofSeconds(10));
        // An attack the server cuts off at once still gets a legitimate login in its window (the probe runs once
        // a second), so "no login completed" means the server did not serve, never that nobody asked.
        long minEnd = start + 2_000_000_000L;
        while (System.nanoTime() < minEnd) Thread.sleep(100);
        long end = System.nanoTime();
        ctx.closeAll();
        if (ctx.firstError() != null) note[0] += " (first error: " + ctx.firstError() + ")";
        note[0] = prepared + note[0];
        probe.useTls(false);
        Sampler.Peaks peaks = sampler.peaks(start, end);
        Probe.Stats legit = probe.stats(start, end, MAX_LOGIN_MS);
        int[] appends = ledger.counts(start, end);
        boolean alive = !attack.endsServer() && settle(t, sampler, sizes.settleSeconds());
        long settled = (System.nanoTime() - end) / 1_000_000_000L;
        String verdict = verdict(attack, alive, legit, ctx.problem());
        return new Row(attack.name(), (end - start) / 1_000_000_000L, peaks.rssKb(), peaks.fds(), legit, appends[0],
                appends[1], alive, settled, verdict, note[0]);
    }

    /**
     * Waits, at most {@code seconds}, until the server is quiet (under a third of a core for a second, so
     * work an attack left behind does not land in the next class's row) and a fresh legitimate login succeeds;
     * false when no login succeeded by then.
     */
    private static boolean settle(Target t, Sampler sampler, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        boolean served = false;
        while (System.nanoTime() < deadline) {
            if (t.pid() > 0 && !sampler.alive()) return false;
            long before = sampler.cpuTicks();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            long busy = sampler.cpuTicks() - before;
            served = served || Probe.once(t, false).ok();
            if (served && (t.pid() <= 0 || busy < 33)) return true;
        }
        return served;
    }

    static String verdict(Attack attack, boolean alive, Probe.Stats legit, String problem) {
        if (attack.measurement()) return "-";
        List<String> why = new ArrayList<>();
        if (!attack.endsServer()) {
            if (!alive) why.add("server not serving afterwards");
            if (legit.attempts() == 0) why.add("no legitimate login completed");
            if (legit.failures() > 0) why.add(legit.failures() + " legitimate logins failed (" + legit.firstFailure() + ")");
            if (legit.maxMs() > MAX_LOGIN_MS) why.add("a legitimate login took " + legit.maxMs() + " ms");
        }
        if (problem != null) why.add(problem);
        return why.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", why);
    }

    static void print(Report r, PrintStream out) {
        out.println("| class | s | peak RSS MB | peak fds | legit login p50 / max ms | legit failed | appends ok / failed | alive | settle s | verdict |");
        out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Row w : r.rows()) {
            out.printf("| %s | %d | %s | %s | %s / %s | %d/%d | %d / %d | %s | %d | %s |%n", w.name(), w.seconds(),
                    w.peakRssKb() < 0 ? "-" : String.valueOf(w.peakRssKb() / 1024), w.peakFds() < 0 ? "-" : String.valueOf(w.peakFds()),
                    w.legit().p50Ms(), w.legit().maxMs(), w.legit().failures(), w.legit().attempts(), w.appendsOk(),
                    w.appendsFailed(), w.name().startsWith("f-") ? "-" : w.alive() ? "yes" : "NO", w.settleSeconds(), w.verdict());
        }
        out.println();
        for (Row w : r.rows()) out.println("- " + w.name() + ": " + w.note());
        out.println();
        out.println(ledgerLine(r.ledger()));
    }

    static String ledgerLine(Ledger.Check c) {
        if (c.deferred()) return "ledger: " + c.acknowledged() + " acknowledged APPENDs; the server was stopped, so they are checked after a restart (AttackRunner verify)";
        return "ledger: " + c.acknowledged() + " acknowledged APPENDs, " + c.missing() + " missing"
                + (c.firstProblem() == null ? "" : " (" + c.firstProblem() + ")") + (c.passed() ? " - OK" : " - LOST");
    }

    private static Map<String, String> args(String[] argv) {
        Set<String> flags = Set.of("tiny");
        Set<String> known = Set.of("host", "port", "tls-port", "pid", "pass", "legit", "ledger-user", "victim",
                "attackers", "only", "seconds", "ledger", "tiny");
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || !known.contains(argv[i].substring(2))) {
                throw new IllegalArgumentException("unknown argument " + argv[i] + "; see the AttackRunner javadoc");
            }
            String k = argv[i].substring(2);
            if (flags.contains(k)) m.put(k, "true");
            else if (i + 1 < argv.length) m.put(k, argv[++i]);
            else throw new IllegalArgumentException(argv[i] + " needs a value");
        }
        return m;
    }
}
