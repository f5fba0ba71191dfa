package satchel.crash;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Satchel as a separate JVM, so that SIGKILL hits a real process and nothing of it survives in ours. Output goes
 * to a log file that is quoted when start-up fails.
 */
final class ServerProcess implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 30_000;

    private final Path dataDir;
    private final Path log;
    private final int port;
    private final List<String> extraArgs;
    private Process process;

    ServerProcess(Path dataDir, int port) {
        this(dataDir, port, List.of());
    }

    /** {@code extraArgs}: more options for {@code serve}, e.g. {@code --lmtp 127.0.0.1:N}. */
    ServerProcess(Path dataDir, int port, List<String> extraArgs) {
        this.dataDir = dataDir;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        this.log = dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
    }

    int port() { return port; }

    /** Runs {@code Main user add --data DIR NAME} with the password on stdin and waits for it. */
    static void addUser(Path dataDir, String user, String password) throws IOException, InterruptedException {
        Process init = new ProcessBuilder(command("init", "--data", dataDir.toString())).redirectErrorStream(true)
            .redirectOutput(dataDir.resolveSibling("init.log").toFile()).start();
        if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
            throw new IllegalStateException("init failed: " + Files.readString(dataDir.resolveSibling("init.log")));
        }
        Process p = new ProcessBuilder(command("user", "add", "--data", dataDir.toString(), user))
            .redirectErrorStream(true).redirectOutput(dataDir.resolveSibling("useradd.log").toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) throw new IllegalStateException("user add did not finish");
            if (p.exitValue() != 0) {
                throw new IllegalStateException("user add failed (" + p.exitValue() + "): "
                    + Files.readString(dataDir.resolveSibling("useradd.log")));
            }
        } finally {
            p.destroyForcibly();
        }
    }

    /** Starts the server and returns once the IMAP port accepts connections. */
    void start() throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("serve", "--data", dataDir.toString(),
                "--imap", "127.0.0.1:" + port, "--imaps", "off", "--metrics", "off"));
        args.addAll(extraArgs);
        process = new ProcessBuilder(command(args.toArray(String[]::new)))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("server exited " + process.exitValue() + ":\n" + logTail());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                process.waitFor(20, TimeUnit.MILLISECONDS);  // poll interval; also notices an early exit
            }
        }
        kill();
        throw new IllegalStateException("server did not accept connections within " + START_TIMEOUT_MS + " ms:\n" + logTail());
    }

    /** SIGKILL on Linux: no shutdown hooks, no flushing, exactly what a power cut leaves (minus the page cache). */
    void kill() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("server survived SIGKILL");
        process = null;
    }

    @Override public void close() throws InterruptedException { kill(); }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        // Surefire may run tests from a manifest-only jar; it publishes the real test classpath separately.
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add("satchel.admin.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }
}
