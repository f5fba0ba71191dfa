package satchel.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dovecot's imaptest, run from outside against any Satchel listening on loopback: its scripted compliance tests
 * ({@code compliance.sh}) and its multi-client stress mode with state tracking ({@code stress.sh}). imaptest is not
 * packaged anywhere: a built copy with its scripts and runners is looked for in {@code shared/imaptest} in the
 * working directory or a directory above it ({@code -Dimaptest.dir=DIR} to point elsewhere), and it needs Debian's
 * {@code dovecot-core} for libdovecot. Without either, the calling test is skipped, saying which is missing.
 */
public final class Imaptest {
    /** The password of every user imaptest logs in as. */
    public static final String PASSWORD = "pass";
    /** Seconds each compliance script may take before it counts as failed (most take well under one). */
    private static final int SCRIPT_TIMEOUT = 30;
    private static final Pattern SUMMARY = Pattern.compile("^(\\d+) passed, (\\d+) failed$");
    private static final Pattern ERROR = Pattern.compile("(^|: )(Error|Panic|Fatal): .*");

    private final Path dir;
    private final Path work;

    private Imaptest(Path dir, Path work) {
        this.dir = dir;
        this.work = work;
    }

    /** What {@code compliance.sh} printed: the scripts that passed, failed and were skipped, by name. */
    public record Compliance(int passed, List<String> failed, List<String> skipped) {}

    /**
     * shared/imaptest, here or above the working directory, usable on this machine, writing its files in
     * {@code work}; the calling test is skipped if there is none.
     */
    public static Imaptest find(Path work) throws InterruptedException {
        String configured = System.getProperty("imaptest.dir");
        Path dir = configured != null ? Path.of(configured) : null;
        for (Path p = Path.of("").toAbsolutePath(); dir == null && p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("shared/imaptest/compliance.sh"))) dir = p.resolve("shared/imaptest");
        }
        assumeTrue(dir != null && Files.isExecutable(dir.resolve("imaptest")),
                "imaptest not found: no shared/imaptest with a built imaptest in or above the working directory"
                        + " (or -Dimaptest.dir)");
        // the binary links against Dovecot's libdovecot; without it the loader refuses to start it at all
        String probe;
        int rc;
        try {
            Process p = new ProcessBuilder(dir.resolve("imaptest").toString(), "--help").redirectErrorStream(true)
                    .start();
            probe = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            rc = p.waitFor();
        } catch (IOException e) {
            probe = e.toString();
            rc = -1;
        }
        assumeTrue(rc == 0 && probe.contains("imaptest ["),
                "imaptest does not run (libdovecot missing? apt-get install -y dovecot-core): " + probe.strip());
        return new Imaptest(dir, work);
    }

    /** Every compliance script against {@code port}, as {@code user} (and {@code user2} for the two-user ones). */
    public Compliance compliance(int port, String user, String user2) throws Exception {
        return compliance(port, user, user2, List.of());
    }

    /** Like {@link #compliance(int, String, String)}, only the scripts named in {@code only} (all if it is empty). */
    public Compliance compliance(int port, String user, String user2, List<String> only) throws Exception {
        List<String> out = run(new ProcessBuilder("bash", dir.resolve("compliance.sh").toString(),
                "127.0.0.1", Integer.toString(port), user, PASSWORD).directory(work.toFile()), Map.of(
                "IMAPTEST", dir.resolve("imaptest").toString(),
                "IMAPTEST_TESTS", dir.resolve("tests").toString(),
                "IMAPTEST_USER2", user2,
                "IMAPTEST_ONLY", String.join(" ", only),
                "IMAPTEST_TEST_TIMEOUT", Integer.toString(SCRIPT_TIMEOUT)), 25 * 60);
        Matcher summary = out.stream().map(SUMMARY::matcher).filter(Matcher::matches).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("compliance.sh printed no summary:\n" + tail(out)));
        List<String> failed = scripts(out, "FAIL ");
        assertThat(failed).as("FAIL lines against the summary").hasSize(Integer.parseInt(summary.group(2)));
        return new Compliance(Integer.parseInt(summary.group(1)), failed, scripts(out, "SKIP "));
    }

    private static List<String> scripts(List<String> out, String status) {
        return out.stream().filter(l -> l.startsWith(status)).map(l -> l.substring(status.length()).split(" ")[0])
                .toList();
    }

    /**
     * An mbox of {@code n} messages with the unique Message-IDs imaptest's stress mode tracks, made by
     * {@code mailgen.py}; the calling test is skipped without python3.
     */
    public Path mbox(int n) throws Exception {
        Path mbox = work.resolve("stress.mbox");
        try {
            run(new ProcessBuilder("python3", dir.resolve("mailgen.py").toString(), "-n", Integer.toString(n),
                    "--seed", "1", "-o", mbox.toString()), Map.of(), 300);
        } catch (IOException e) {
            assumeTrue(false, "python3 is needed to generate the stress mbox: " + e.getMessage());
        }
        assumeTrue(Files.isRegularFile(mbox) && Files.size(mbox) > 0, "mailgen.py wrote no mbox");
        return mbox;
    }

    /**
     * imaptest's stress mode against {@code port} for {@code seconds} with {@code clients} sessions of users
     * {@code user1..userN}, APPENDing from {@code mbox}; its Error: lines counted by kind (printed too).
     */
    public Map<String, Integer> stress(int port, Path mbox, int seconds, int clients, int users) throws Exception {
        Path log = work.resolve("stress.log");
        List<String> out = run(new ProcessBuilder("bash", dir.resolve("stress.sh").toString(),
                "127.0.0.1", Integer.toString(port), Integer.toString(seconds),
                Integer.toString(clients)).directory(work.toFile()), Map.of(
                "IMAPTEST", dir.resolve("imaptest").toString(),
                "MBOX", mbox.toString(),
                "STRESS_USERS", Integer.toString(users),
                "STRESS_PASS", PASSWORD,
                "STRESS_LOG", log.toString()), seconds + 300);
        assertThat(out).as("stress.sh summary").anyMatch(l -> l.startsWith("summary: host="));
        Map<String, Integer> errors = errorCounts(Files.readAllLines(log, StandardCharsets.UTF_8));
        System.out.println("imaptest stress errors by kind (user names and numbers folded):");
        errors.forEach((kind, n) -> System.out.printf("%6d  %s%n", n, kind));
        return errors;
    }

    /** imaptest's Error: lines, counted by their text with user names and numbers folded into N, quoted lines cut. */
    private static Map<String, Integer> errorCounts(List<String> lines) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : lines) {
            Matcher m = ERROR.matcher(line);
            if (!m.find()) continue;
            // the server line quoted after the complaint varies with every message: the complaint is the kind
            String kind = m.group().replaceFirst("^: ", "").replaceFirst(": \\* .*", "")
                    .replaceAll("user\\d+\\[\\d+\\]", "userN[N]").replaceAll("\\d+", "N");
            counts.merge(kind.length() > 200 ? kind.substring(0, 200) : kind, 1, Integer::sum);
        }
        return counts;
    }

    /** Runs a command with extra environment, echoing its output (stdout and stderr) line by line; bounded in time. */
    private static List<String> run(ProcessBuilder pb, Map<String, String> env, long seconds) throws Exception {
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).start();
        p.getOutputStream().close(); // nothing to read on stdin
        List<String> lines = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var in = p.inputReader(StandardCharsets.UTF_8)) {
                for (String line; (line = in.readLine()) != null; ) {
                    System.out.println(line.length() > 400 ? line.substring(0, 400) + "..." : line);
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                System.out.println("(output lost: " + e + ")");
            }
        });
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(pb.command() + " did not finish in " + seconds + " s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
