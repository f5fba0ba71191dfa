package satchel.admin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import satchel.config.ServerConfig;
import satchel.config.PathErrors;
import satchel.server.AdminChannel;
import satchel.server.DataDirLock;
import satchel.server.ImapServer;
import satchel.store.PrivateFiles;

/**
 * {@code satchel serve}: runs the server until SIGTERM or SIGINT, then closes it gracefully. SIGHUP reloads
 * (certificate, trace rules, connection limits, log level, log file reopened for logrotate) and never stops it.
 * Holds the data directory's {@link DataDirLock} while it runs (a second serve is refused), serves the
 * {@link AdminChannel} ({@code satchel who|kick|reload}), and when start-up fails removes what it created.
 */
@Command(name = "serve", description = "Run the IMAP server until stopped (SIGTERM or Ctrl-C); SIGHUP reloads.")
final class ServeCommand implements Callable<Integer> {
    private final Io io;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--imap", paramLabel = "HOST:PORT", description = "Plain IMAP with STARTTLS, or off (default: 127.0.0.1:1143).")
    String imap;

    @Option(names = "--imaps", paramLabel = "HOST:PORT", description = "Implicit TLS, or off (default: 127.0.0.1:1993).")
    String imaps;

    @Option(names = "--lmtp", paramLabel = "HOST:PORT|PATH",
            description = "LMTP for mail delivery on a loopback address or a Unix socket path, or off (default: off).")
    String lmtp;

    @Option(names = "--max-connections", paramLabel = "N", description = "Connections open at once (default: 1000).")
    Integer maxConnections;

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
            description = "Prometheus /metrics and /health over HTTP, or off (default: 127.0.0.1:9143).")
    String metrics;

    ServeCommand(Io io) {
        this.io = io;
    }

    @Override public Integer call() throws Failure, InterruptedException {
        ServerConfig config = config();
        Logs.applyReopenable(config.logging()); // before the first logger exists
        Path dir = config.dataDir();
        Leftovers leftovers;
        try {
            leftovers = Leftovers.before(dir);
            PrivateFiles.directory(dir);
        } catch (IOException e) {
            throw new Failure(PathErrors.of("data-dir (--data)", "open or create", dir, e).getMessage(), e);
        }
        DataDirLock lock;
        try {
            lock = DataDirLock.acquire(dir, "serve");
        } catch (DataDirLock.Held e) {
            throw new Failure("a server already runs on " + dir + ": " + e.holder());
        } catch (IOException e) {
            leftovers.remove();
            throw new Failure("data-dir (--data): cannot lock " + dir.resolve(DataDirLock.FILE) + ": "
                    + PathErrors.reason(e), e);
        }
        ImapServer server;
        AdminChannel admin;
        try {
            server = ImapServer.start(config);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lock);
            List<String> left = leftovers.remove(); // a failed first start leaves no store or certificate behind
            String message = e instanceof IOException ? e.getMessage() : e.toString();
            if (!left.isEmpty()) message += " (could not remove what this run created: " + String.join(", ", left) + ")";
            throw new Failure(message, e);
        }
        admin = adminChannel(server);
        describeLock(lock, server, admin);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (admin != null) admin.close(); // first: no kick or reload on a server going away
            server.close();
            closeQuietly(lock);
        }, "satchel-shutdown"));
        onHangup(server);
        describe(io.out(), config, server);
        if (admin != null) io.out().println("Admin socket: " + admin.path() + " (satchel who, kick, reload)");
        server.awaitTermination();
        return 0;
    }

    /** A server without its control socket still serves mail: say so and go on. */
    private AdminChannel adminChannel(ImapServer server) {
        try {
            return AdminChannel.start(store.load().dataDir(), server, () -> reload(server, "admin socket"));
        } catch (IOException | Failure e) {
            org.slf4j.LoggerFactory.getLogger(ServeCommand.class)
                    .warn("{}; `satchel who`, `kick` and `reload` will not reach this server", e.getMessage());
            return null;
        }
    }

    /** Who runs here, for a second serve's refusal and the commands that look for the server. */
    private static void describeLock(DataDirLock lock, ImapServer server, AdminChannel admin) {
        List<String> lines = new ArrayList<>();
        if (server.imapAddress() != null) lines.add("imap=" + show(server.imapAddress()));
        if (server.imapsAddress() != null) lines.add("imaps=" + show(server.imapsAddress()));
        if (admin != null) lines.add("admin=" + admin.path());
        try {
            lock.add(lines.toArray(String[]::new));
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(ServeCommand.class).warn("cannot describe the server in the lock file: {}",
                    e.getMessage());
        }
    }

    private static void closeQuietly(DataDirLock lock) {
        try {
            lock.close();
        } catch (IOException e) {
            // the OS releases it when the process exits anyway
        }
    }

    /**
     * SIGHUP, which the JVM otherwise answers by exiting (code 129), so logrotate's postrotate stopped the server.
     * sun.misc.Signal (module jdk.unsupported) is the only way a Java program handles it; where it is missing,
     * serve still runs and SIGHUP keeps its default.
     */
    private void onHangup(ImapServer server) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> reload(server, "SIGHUP"));
        } catch (IllegalArgumentException | LinkageError e) {
            org.slf4j.LoggerFactory.getLogger(ServeCommand.class).warn("SIGHUP cannot be handled here: {}", e.toString());
        }
    }

    /** SIGHUP and {@code satchel reload}: re-reads the configuration and applies it; returns what was done. */
    private List<String> reload(ImapServer server, String cause) {
        var log = org.slf4j.LoggerFactory.getLogger(ServeCommand.class);
        ServerConfig next;
        try {
            next = config();
        } catch (Failure | RuntimeException e) {
            log.warn("{}: configuration not reloaded, nothing changed: {}", cause, e.getMessage());
            return List.of("configuration not reloaded, nothing changed: " + e.getMessage());
        }
        try {
            List<String> done = new ArrayList<>();
            done.add(Logs.reload(next.logging())); // first: the line below goes to the reopened file
            done.addAll(server.reload(next));
            log.info("{}: reloaded {}", cause, String.join(", ", done));
            return done;
        } catch (RuntimeException e) {
            log.error("{}: reload failed", cause, e);
            return List.of("reload failed: " + e);
        }
    }

    ServerConfig config() throws Failure {
        ServerConfig c = store.load();
        if (imap != null) c = option("--imap", imap, c::withImap);
        if (imaps != null) c = option("--imaps", imaps, c::withImaps);
        if (lmtp != null) {
            ServerConfig base = c;
            c = option("--lmtp", lmtp, v -> base.withLmtp(base.lmtp().withListen(
                    satchel.config.Lmtp.isSocketPath(v) ? java.nio.file.Path.of(v).toAbsolutePath().toString() : v)));
        }
        if (maxConnections != null) c = option("--max-connections", maxConnections, c::withMaxConnections);
        if (metrics != null) c = option("--metrics", metrics, c::withMetrics);
        return c;
    }

    /** A value the config rejects is a usage error (exit 2) that names the option, not a failure (exit 1). */
    private <T> ServerConfig option(String name, T value, java.util.function.Function<T, ServerConfig> apply) {
        try {
            return apply.apply(value);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '" + name + "': " + e.getMessage());
        }
    }

    private static void describe(PrintStream out, ServerConfig config, ImapServer server) {
        InetSocketAddress plain = server.imapAddress();
        InetSocketAddress tls = server.imapsAddress();
        if (plain != null) out.println("Listening for IMAP (STARTTLS) on " + show(plain));
        if (tls != null) out.println("Listening for IMAP over TLS on " + show(tls));
        if (server.lmtpListening() != null) out.println("Listening for LMTP on " + server.lmtpListening());
        if (server.metricsAddress() != null) {
            out.println("Metrics on http://" + show(server.metricsAddress()) + "/metrics (health: /health)");
        }
        out.println("Data directory: " + config.dataDir().toAbsolutePath());
        if (config.tls() instanceof satchel.config.Tls.SelfSigned) {
            out.println("TLS: self-signed certificate in " + config.dataDir().resolve("tls"));
        }
        String data = config.dataDir().normalize().equals(java.nio.file.Path.of("data")) ? "" : " --data " + config.dataDir();
        out.println("Add a user with: echo 'secret' | ./satchel user add alice" + data);
        out.flush();
    }

    private static String show(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
