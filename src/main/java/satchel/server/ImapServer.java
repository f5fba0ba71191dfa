package satchel.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.auth.Authenticator;
import satchel.config.HostPort;
import satchel.config.ServerConfig;
import satchel.session.ImapSession.Greeting;
import satchel.session.SessionConfig;
import satchel.store.MailStore;

/**
 * The running server: listeners for plain IMAP (with STARTTLS) and implicit TLS, one virtual thread per
 * connection, connection limits, graceful shutdown. Tests start it on port 0 and ask for the bound addresses.
 *
 * <p>Connections over the global or per-address limit, from an address blocked after failed logins, or
 * arriving during shutdown still get a session, greeted with BYE (RFC 3501 §3 transition 3), so the client
 * learns why. {@link #close} is idempotent and may be called from any thread, e.g. a shutdown hook: it stops
 * accepting, says BYE to every session (after the command each one is running), waits up to
 * {@code timeouts.shutdown}, then cuts what is left and closes the store. Also serves metrics and health
 * ({@link MetricsServer}), reloads the certificate when its files change ({@link CertificateReloader}) and
 * starts protocol traces ({@link TraceControl}).
 */
public final class ImapServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ImapServer.class);

    private final ServerConfig config;
    private final MailStore store;
    private final Authenticator auth;
    private final SessionConfig sessionConfig;
    private final CertificateReloader certificates;
    private final SSLContext tls;
    private final Connection.Factory sessions;
    private final ConnectionLimits limits;
    private final ServerMetrics metrics;
    private final TraceControl traces;
    private MetricsServer metricsServer;
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private final Map<Thread, Live> live = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean closing;
    private ServerSocket imap;
    private ServerSocket imaps;

    private record Live(Connection connection, SocketTransport transport) {}

    private ImapServer(ServerConfig config, MailStore store, CertificateReloader certificates,
                       Connection.Factory sessions) throws IOException {
        this.config = config;
        this.store = store;
        this.auth = new Authenticator(store, config.authThrottle());
        this.sessionConfig = config.toSessionConfig().withSpool(satchel.wire.LiteralSpool.under(config.spool()));
        this.certificates = certificates;
        this.tls = certificates.context();
        this.sessions = sessions;
        this.limits = new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerIp(),
                config.maxConnectionsPerUser());
        this.metrics = config.metrics() == null ? null : new ServerMetrics(store, config.dataDir());
        this.traces = new TraceControl(config.traces());
    }

    /** Opens the store named by the config (SQLite in dataDir, or memory) and starts listening. */
    public static ImapServer start(ServerConfig config) throws IOException {
        requireListener(config);
        // The certificate (BouncyCastle, whose signed jars class data sharing cannot archive, and on a first
        // start key generation) and the store (SQLite, migrations) do not depend on each other: prepare both at once.
        var certificates = new java.util.concurrent.FutureTask<>(
                () -> CertificateReloader.start(config.tls(), config.dataDir(), config.tlsReloadInterval()));
        Thread.ofPlatform().name("tls-init").daemon().start(certificates);
        MailStore store;
        try {
            store = Stores.open(config);
        } catch (IOException | RuntimeException e) {
            try {
                certificates(certificates).close();
            } catch (IOException | RuntimeException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        }
        return start(config, store, Connection.SESSIONS, certificates);
    }

    private static void requireListener(ServerConfig config) throws IOException {
        if (config.imap() == null && config.imaps() == null) {
            throw new IOException("both listeners (imap and imaps) are off: nothing to serve");
        }
    }

    /** The reloader a background start produced, or its failure as thrown there. */
    private static CertificateReloader certificates(java.util.concurrent.Future<CertificateReloader> f)
            throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading the TLS certificate", e);
        } catch (java.util.concurrent.ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    /** Starts on an already open store, which the server then owns and closes. */
    public static ImapServer start(ServerConfig config, MailStore store) throws IOException {
        return start(config, store, Connection.SESSIONS);
    }

    static ImapServer start(ServerConfig config, MailStore store, Connection.Factory sessions) throws IOException {
        return start(config, store, sessions, null);
    }

    /** {@code pending}: certificates already being loaded, or null to load them here. */
    private static ImapServer start(ServerConfig config, MailStore store, Connection.Factory sessions,
                                    java.util.concurrent.Future<CertificateReloader> pending) throws IOException {
        try {
            requireListener(config);
            var certificates = pending != null ? certificates(pending)
                    : CertificateReloader.start(config.tls(), config.dataDir(), config.tlsReloadInterval());
            ImapServer server;
            try {
                server = new ImapServer(config, store, certificates, sessions);
                server.listen();
            } catch (IOException | RuntimeException e) {
                certificates.close();
                throw e;
            }
            return server;
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void listen() throws IOException {
        try {
            if (config.imap() != null) {
                imap = bind(new ServerSocket(), config.imap());
                acceptors.add(Thread.ofPlatform().name("imap-accept").daemon().start(() -> acceptLoop(imap, false)));
            }
            if (config.imaps() != null) {
                var ssl = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
                TlsContexts.serverMode(ssl);
                imaps = bind(ssl, config.imaps());
                acceptors.add(Thread.ofPlatform().name("imaps-accept").daemon().start(() -> acceptLoop(imaps, true)));
            }
            if (metrics != null) metricsServer = MetricsServer.start(config.metrics(), metrics, store);
        } catch (IOException e) {
            closing = true;
            for (ServerSocket s : listeners) closeQuietly(s);
            throw e;
        }
    }

    private ServerSocket bind(ServerSocket socket, String hostPort) throws IOException {
        listeners.add(socket);
        socket.setReuseAddress(true);
        try {
            socket.bind(HostPort.parse(hostPort).toSocketAddress(), 128);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + hostPort + ": " + e.getMessage(), e);
        }
        return socket;
    }

    /** What every session gets, with the spool and the message budget they share (for tests). */
    SessionConfig sessionConfig() {
        return sessionConfig;
    }

    /** Null when plain IMAP is disabled. */
    public InetSocketAddress imapAddress() {
        return imap == null ? null : (InetSocketAddress) imap.getLocalSocketAddress();
    }

    /** Null when implicit TLS is disabled. */
    public InetSocketAddress imapsAddress() {
        return imaps == null ? null : (InetSocketAddress) imaps.getLocalSocketAddress();
    }

    /** Null when the metrics listener is off. */
    public InetSocketAddress metricsAddress() {
        return metricsServer == null ? null : metricsServer.address();
    }

    /** The leaf certificate new TLS handshakes present (it changes when the PEM files are replaced). */
    public java.security.cert.X509Certificate certificate() {
        return certificates.certificate();
    }

    public MailStore store() {
        return store;
    }

    public Authenticator authenticator() {
        return auth;
    }

    /** Sessions currently running (including those greeted with BYE that have not closed yet). */
    public int connections() {
        return live.size();
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    private void acceptLoop(ServerSocket listener, boolean implicitTls) {
        while (!closing) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (closing || listener.isClosed()) return;
                log.warn("accept failed: {}", e.getMessage());
                backOff(); // e.g. out of file descriptors: don't spin
                continue;
            }
            long id = ids.incrementAndGet();
            Thread.ofVirtual().name("imap-" + id).start(() -> serve(socket, id, implicitTls));
        }
    }

    private void serve(Socket socket, long id, boolean implicitTls) {
        long started = System.nanoTime();
        String peer = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        log.info("connect #{} from {} on {}", id, peer, implicitTls ? "imaps" : "imap");
        String address = socket.getInetAddress().getHostAddress();
        boolean admitted = false;
        SocketTransport transport = null;
        try {
            socket.setTcpNoDelay(true);
            if (implicitTls) handshake((SSLSocket) socket);
            transport = new SocketTransport(socket, tls, implicitTls);
            Optional<String> refusal = refusal(address);
            admitted = refusal.isEmpty();
            if (metrics != null) metrics.connection(admitted ? "accepted" : "refused");
            if (!admitted) log.info("refused #{} from {}: {}", id, peer, refusal.get());
            Connection connection = sessions.create(store, auth, sessionConfig, transport,
                    new SessionHooks(metrics, limits, traces, id));
            live.put(Thread.currentThread(), new Live(connection, transport));
            // close() sets closing before it walks live, so one of the two sees this session.
            if (closing && admitted) refusal = Optional.of("Server shutting down");
            connection.run(refusal.<Greeting>map(Greeting.Bye::new).orElseGet(Greeting.Ok::new));
        } catch (IOException e) {
            log.info("connection #{} failed: {}", id, e.getMessage());
        } catch (RuntimeException | Error e) {
            log.error("connection #{} ended by a bug", id, e);
        } finally {
            if (admitted) limits.release(address); // before leaving live: connections() counts only the released
            live.remove(Thread.currentThread());
            if (transport != null) transport.close();
            else closeQuietly(socket);
            log.info("disconnect #{} from {} after {} ms", id, peer, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private Optional<String> refusal(String address) {
        if (closing) return Optional.of("Server shutting down");
        if (auth.blocked(address)) return Optional.of("Too many failed logins, try again later");
        return limits.tryAcquire(address);
    }

    /** Implicit TLS: handshake before the greeting, bounded by the login timeout. */
    private void handshake(SSLSocket socket) throws IOException {
        socket.setSoTimeout((int) Math.min(config.loginTimeout().toMillis(), Integer.MAX_VALUE));
        try {
            socket.startHandshake();
        } catch (SocketTimeoutException e) {
            throw new IOException("TLS handshake timed out", e);
        } catch (IOException e) {
            throw new IOException("TLS handshake failed: " + e.getMessage(), e);
        }
        socket.setSoTimeout(0);
    }

    /** Stops accepting, sends BYE to every session, waits a bounded time for them, closes the store. */
    @Override public void close() {
        if (!closed.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        closing = true;
        log.info("shutting down: {} connection(s) open", live.size());
        for (ServerSocket s : listeners) closeQuietly(s);
        certificates.close();
        for (Live l : live.values()) {
            try {
                l.connection().shutdown("Server shutting down");
            } catch (RuntimeException e) {
                log.warn("shutdown of a session failed: {}", e.toString());
            }
        }
        waitForConnections();
        if (metricsServer != null) metricsServer.close();
        store.close(); // after every session thread is gone or cut off: a write in progress completes first
        if (metrics != null) metrics.close();
        log.info("stopped");
        terminated.countDown();
    }

    private void waitForConnections() {
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        for (Thread t : List.copyOf(live.keySet())) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) t.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!live.isEmpty()) log.warn("shutdown: cutting {} connection(s) still busy after {}", live.size(),
                config.shutdownGrace());
        for (Live l : live.values()) l.transport().close(); // stragglers: cut the socket so their threads end
        for (Thread t : List.copyOf(live.keySet())) {
            try {
                t.join(Duration.ofSeconds(5)); // a store write in progress finishes (or fails) before the store closes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Thread t : acceptors) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitQuietly() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void backOff() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing on the way out: nothing useful to do with the error
        }
    }
}
