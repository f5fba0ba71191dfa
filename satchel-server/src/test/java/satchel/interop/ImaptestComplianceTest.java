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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import satchel.embedded.Satchel;

/**
 * Dovecot's imaptest against a real Satchel started in process (SQLite store in a fresh directory, plain IMAP on
 * an ephemeral loopback port): its scripted compliance tests, and its multi-client stress mode with state
 * tracking. imaptest is not packaged anywhere: a built copy with its scripts and the runners
 * {@code compliance.sh} and {@code stress.sh} is looked for in {@code shared/imaptest} in the working directory
 * or a directory above it ({@code -Dimaptest.dir=DIR} to point elsewhere), and it needs Debian's
 * {@code dovecot-core} for libdovecot. Without either, the tests are skipped, saying which is missing.
 *
 * <p>The compliance test runs whenever imaptest is there; a script needing a capability Satchel does not
 * advertise is a SKIP, every other script must pass. The stress test (60 s, 50 clients) runs too, unless
 * {@code -Dimaptest.stress=false}, and must report no "Error:" line.
 */
class ImaptestComplianceTest {
    private static final String PASSWORD = "pass";
    /** Seconds each compliance script may take before it counts as failed (most take well under one). */
    private static final int SCRIPT_TIMEOUT = 30;
    private static final int STRESS_SECONDS = 60, STRESS_CLIENTS = 50, STRESS_USERS = 50;
    private static final Pattern SUMMARY = Pattern.compile("^(\\d+) passed, (\\d+) failed$");
    private static final Pattern ERROR = Pattern.compile("(^|: )(Error|Panic|Fatal): .*");

    @TempDir Path tmp;

    @Test void everyScriptWithAdvertisedCapabilitiesPasses() throws Exception {
        Path imaptest = imaptestDir();
        try (var server = start(tmp.resolve("data"))) {
            server.addUser("testuser", PASSWORD);
            server.addUser("testuser2", PASSWORD);
            List<String> out = run(new ProcessBuilder("bash", imaptest.resolve("compliance.sh").toString(),
                    "127.0.0.1", Integer.toString(server.imapPort()), "testuser", PASSWORD)
                    .directory(tmp.toFile()), Map.of(
                    "IMAPTEST", imaptest.resolve("imaptest").toString(),
                    "IMAPTEST_TESTS", imaptest.resolve("tests").toString(),
                    "IMAPTEST_USER2", "testuser2",
                    "IMAPTEST_TEST_TIMEOUT", Integer.toString(SCRIPT_TIMEOUT)), 25 * 60);
            List<String> failed = out.stream().filter(l -> l.startsWith("FAIL ")).toList();
            Matcher summary = out.stream().map(SUMMARY::matcher).filter(Matcher::matches).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("compliance.sh printed no summary:\n" + tail(out)));
            assertThat(Integer.parseInt(summary.group(1))).as("scripts passed").isPositive();
            assertThat(failed).as("imaptest scripts failed (details above)").isEmpty();
            assertThat(Integer.parseInt(summary.group(2))).isZero();
        }
    }

    @Test
    @DisabledIfSystemProperty(named = "imaptest.stress", matches = "false",
            disabledReason = "the 60 s load run was turned off with -Dimaptest.stress=false")
    void stressWithStateTrackingFindsNoErrors() throws Exception {
        Path imaptest = imaptestDir();
        Path mbox = tmp.resolve("stress.mbox"); // messages to APPEND, with the unique Message-IDs imaptest tracks
        try {
            run(new ProcessBuilder("python3", imaptest.resolve("mailgen.py").toString(), "-n", "2000", "--seed", "1",
                    "-o", mbox.toString()), Map.of(), 300);
        } catch (IOException e) {
            assumeTrue(false, "python3 is needed to generate the stress mbox: " + e.getMessage());
        }
        assumeTrue(Files.isRegularFile(mbox) && Files.size(mbox) > 0, "mailgen.py wrote no mbox");
        try (var server = start(tmp.resolve("data"))) {
            for (int i = 1; i <= STRESS_USERS; i++) server.addUser("user" + i, PASSWORD);
            Path log = tmp.resolve("stress.log");
            List<String> out = run(new ProcessBuilder("bash", imaptest.resolve("stress.sh").toString(),
                    "127.0.0.1", Integer.toString(server.imapPort()), Integer.toString(STRESS_SECONDS),
                    Integer.toString(STRESS_CLIENTS)).directory(tmp.toFile()), Map.of(
                    "IMAPTEST", imaptest.resolve("imaptest").toString(),
                    "MBOX", mbox.toString(),
                    "STRESS_USERS", Integer.toString(STRESS_USERS),
                    "STRESS_PASS", PASSWORD,
                    "STRESS_LOG", log.toString()), STRESS_SECONDS + 300);
            assertThat(out).as("stress.sh summary").anyMatch(l -> l.startsWith("summary: host="));
            Map<String, Integer> errors = errorCounts(Files.readAllLines(log, StandardCharsets.UTF_8));
            System.out.println("imaptest stress errors by kind (user names and numbers folded):");
            errors.forEach((kind, n) -> System.out.printf("%6d  %s%n", n, kind));
            assertThat(errors).as("imaptest Error: lines, by kind").isEmpty();
        }
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

    /** shared/imaptest, here or above the working directory, usable on this machine; the test is skipped if not. */
    private static Path imaptestDir() throws InterruptedException {
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
        return dir;
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

    /** Satchel on a SQLite store in {@code dir}; connection limits wide enough for imaptest's clients. */
    private static Satchel start(Path dir) throws IOException {
        return Satchel.builder().dataDirectory(dir).imap(0)
                .config("limits.max-connections-per-ip", "500").config("limits.max-connections-per-user", "500")
                .start();
    }
}
