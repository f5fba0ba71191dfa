package satchel.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
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
 * <p>Every connection is counted against the limits the moment it is accepted, on both listeners, before any
 * TLS handshake ({@link ConnectionLimits}; a full server drops its oldest connection not logged in to make room).
 * On the plain listener, connections over the per-address limit (or the global one, with nobody to drop), from
 * an address blocked after failed logins, or arriving during shutdown still get a session, greeted with BYE
 * (RFC 3501 §3 transition 3), so the client learns why; on the implicit-TLS listener they are closed at once,
 * as nothing can be said before a handshake they must not be allowed to hold the server for. The
 * {@link Watchdog} keeps the login deadline (counted from accept, handshake included) and the write timeout.
 * {@link #close} is idempotent and may be called from any thread, e.g. a shutdown hook: it stops accepting, says
 * BYE to every session (after the command each one is running) without waiting on any of them, waits up to
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
    private final Metrics metrics;
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final TraceControl traces;
    private MetricsServer metricsServer;
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private final Set<Peer> live = ConcurrentHashMap.newKeySet();
    private final Watchdog watchdog;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean closing;
    private ServerSocket imap;
    private ServerSocket imaps;
    private LmtpListener lmtp;

    private ImapServer(ServerConfig config, MailStore store, Authenticator auth, CertificateReloader certificates,
                       Connection.Factory sessions) throws IOException {
        this(config, store, auth, certificates, sessions, satchel.wire.LiteralSpool.under(config.spool()));
    }

    private ImapServer(ServerConfig config, MailStore store, Authenticator auth, CertificateReloader certificates,
                       Connection.Factory sessions, satchel.wire.LiteralSpool spool) {
        this.config = config;
        this.store = store;
        this.auth = auth;
        this.sessionConfig = config.toSessionConfig().withSpool(spool);
        this.certificates = certificates;
        this.tls = certificates.context();
        this.sessions = sessions;
        this.limits = new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerIp(),
                config.maxConnectionsPerUser());
        this.metrics = config.metrics() == null ? null
                : Metrics.load(new Metrics.Sources(store, config.dataDir(), certificates::certificate, received, sent));
        this.traces = new TraceControl(config.traces());
        this.watchdog = new Watchdog(live, config.loginTimeout(), config.writeTimeout());
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
        if (config.imap() == null && config.imaps() == null && config.lmtp().listen() == null) {
            throw new IOException("every listener (imap, imaps, lmtp) is off: nothing to serve");
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
            var auth = Authenticator.open(store, config.authThrottle(), config.dataDir());
            if (config.oauth().configured()) satchel.config.OptionalLibrary.NIMBUS_JOSE_JWT.require();
            if (config.oauth().configured()) auth.withBearerTokens(satchel.auth.BearerTokens.load(config.oauth()));
            var certificates = pending != null ? certificates(pending)
                    : CertificateReloader.start(config.tls(), config.dataDir(), config.tlsReloadInterval());
            ImapServer server;
            try {
                server = new ImapServer(config, store, auth, certificates, sessions);
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

    /**
     * Embedding ({@code satchel.embedded}): the caller's authenticator, certificate (in memory) and spool, so that
     * with a memory store nothing is written under {@code config.dataDir()}. The server owns and closes the store.
     */
    public static ImapServer startEmbedded(ServerConfig config, MailStore store, Authenticator auth,
                                           InMemoryCertificate tls, satchel.wire.LiteralSpool spool) throws IOException {
        try {
            requireListener(config);
            var certificates = tls.reloader();
            var server = new ImapServer(config, store, auth, certificates, Connection.SESSIONS, spool);
            try {
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
                imap = bind(listener(), config.imap());
                acceptors.add(Thread.ofPlatform().name("imap-accept").daemon().start(() -> acceptLoop(imap, false)));
            }
            if (config.imaps() != null) {
                // A plain listener: the handshake runs on the connection's own thread, after it is counted.
                imaps = bind(listener(), config.imaps());
                acceptors.add(Thread.ofPlatform().name("imaps-accept").daemon().start(() -> acceptLoop(imaps, true)));
            }
            if (config.lmtp().listen() != null) {
                lmtp = LmtpListener.start(config, store, sessionConfig.messageMemory(),
                        sessionConfig.spool().directory().orElse(null));
            }
            watchdog.start();
            if (metrics != null) metricsServer = MetricsServer.start(config.metrics(), metrics, store);
        } catch (IOException e) {
            closing = true;
            watchdog.stop();
            for (ServerSocket s : listeners) closeQuietly(s);
            if (lmtp != null) lmtp.close();
            throw e;
        }
    }

    /** With metrics on, its connections count their bytes as they flow. */
    private ServerSocket listener() throws IOException {
        return metrics == null ? new ServerSocket() : new CountingServerSocket(received, sent);
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

    /** The LMTP listener's TCP address; null when LMTP is off or on a Unix socket. */
    public InetSocketAddress lmtpAddress() {
        return lmtp == null ? null : lmtp.tcpAddress();
    }

    /** Where LMTP listens, as an address or a socket path; null when off. */
    public String lmtpListening() {
        return lmtp == null ? null : lmtp.describe();
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

    /**
     * Connections open: sessions running (including those greeted with BYE that have not closed yet) and
     * connections still in their TLS handshake.
     */
    public int connections() {
        return live.size();
    }

    /** The connections open now, oldest first ({@code satchel who}). */
    public List<SessionInfo> sessions() {
        return live.stream().map(Peer::info).sorted(java.util.Comparator.comparingLong(SessionInfo::id)).toList();
    }

    /**
     * Ends the connections {@code which} selects ({@code satchel kick}, a deleted user): BYE with {@code reason}
     * after the command each one runs, cut if still there a grace period later. Returns how many were asked to go.
     */
    public int kick(java.util.function.Predicate<SessionInfo> which, String reason) {
        int n = 0;
        for (Peer p : live) {
            if (which.test(p.info()) && p.dismiss(reason, Watchdog.GRACE)) n++;
        }
        if (n > 0) log.info("kicked {} connection(s): {}", n, reason);
        return n;
    }

    /**
     * Applies what can change without a restart (SIGHUP): checks the certificate files now, re-reads the trace
     * rules, takes the new connection limits. {@code next} is the configuration read again; settings in it that
     * differ from the running ones and need a restart are named in the result, which says what was done.
     */
    public synchronized List<String> reload(ServerConfig next) {
        List<String> done = new ArrayList<>();
        if (next.tls().equals(config.tls())) {
            done.add(certificates.reloadIfChanged() ? "tls certificate (new one loaded)" : "tls certificate (unchanged)");
        }
        done.add("trace rules (" + traces.reload().size() + ")");
        limits.resize(next.maxConnections(), next.maxConnectionsPerIp(), next.maxConnectionsPerUser());
        done.add("connection limits (" + next.maxConnections() + " total, " + next.maxConnectionsPerIp()
                + " per address, " + next.maxConnectionsPerUser() + " per user)");
        List<String> restart = new ArrayList<>();
        for (var c : ServerConfig.class.getRecordComponents()) {
            if (Set.of("maxConnections", "maxConnectionsPerIp", "maxConnectionsPerUser", "logging")
                    .contains(c.getName())) {
                continue; // applied above; logging is the caller's (it owns the log setup)
            }
            try {
                if (!java.util.Objects.equals(c.getAccessor().invoke(config), c.getAccessor().invoke(next))) {
                    restart.add(c.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e); // public accessors of a public record: cannot happen
            }
        }
        if (!restart.isEmpty()) done.add("changed but need a restart: " + String.join(", ", restart));
        return done;
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
            admit(new Peer(ids.incrementAndGet(), socket, implicitTls));
        }
    }

    /** Counts the peer at once (making room if the server is full) and starts its thread, or turns it away. */
    private void admit(Peer peer) {
        log.info("connect {} on {}", peer, peer.implicitTls ? "imaps" : "imap");
        Optional<String> refusal = refusal(peer);
        if (metrics != null) metrics.connection(refusal.isEmpty() ? "accepted" : "refused");
        if (refusal.isPresent()) {
            log.info("refused {}: {}", peer, refusal.get());
            if (peer.implicitTls) { // no handshake for a connection we will not serve
                peer.abort();
                return;
            }
        }
        Thread t = Thread.ofVirtual().name("imap-" + peer.id).unstarted(() -> serve(peer, refusal));
        peer.thread(t);
        live.add(peer);
        t.start();
    }

    private Optional<String> refusal(Peer peer) {
        if (closing) return Optional.of("Server shutting down");
        if (auth.blocked(peer.address)) return Optional.of("Too many failed logins, try again later");
        return switch (limits.admit(peer)) {
            case ConnectionLimits.Admission.Refused(String reason) -> Optional.of(reason);
            case ConnectionLimits.Admission.Admitted(Optional<Peer> evicted) -> {
                evicted.ifPresent(old -> {
                    log.info("server full: dropping {}, not logged in, for {}", old, peer);
                    if (metrics != null) metrics.connection("evicted");
                    old.dismiss("Too many connections; the oldest not logged in is dropped", Watchdog.GRACE);
                });
                yield Optional.empty();
            }
        };
    }

    private void serve(Peer peer, Optional<String> refusal) {
        SocketTransport transport = null;
        try {
            Socket socket = peer.socket;
            socket.setTcpNoDelay(true);
            transport = peer.implicitTls ? handshake(socket) : new SocketTransport(socket, tls, false);
            Connection connection = sessions.create(store, auth, sessionConfig, transport,
                    new SessionHooks(metrics, limits, traces, peer));
            Optional<String> stopped = peer.attach(connection, transport); // evicted or shutdown came first
            // close() sets closing before it walks live, so one of the two sees this session.
            Optional<String> bye = refusal.or(() -> stopped)
                    .or(() -> closing ? Optional.of("Server shutting down") : Optional.empty());
            connection.run(bye.<Greeting>map(Greeting.Bye::new).orElseGet(Greeting.Ok::new));
        } catch (IOException e) {
            log.info("connection {} failed: {}", peer, e.getMessage());
        } catch (RuntimeException | Error e) {
            log.error("connection {} ended by a bug", peer, e);
        } finally {
            limits.release(peer); // before leaving live: connections() counts only the released
            live.remove(peer);
            if (transport != null) transport.close();
            peer.abort();
            log.info("disconnect {} after {} ms", peer, (System.nanoTime() - peer.acceptedNanos) / 1_000_000);
        }
    }

    /**
     * Implicit TLS: the handshake before the greeting, over the counted TCP socket. The watchdog bounds it as a
     * whole (login deadline from accept); the read timeout only stops a silent peer sooner.
     */
    private SocketTransport handshake(Socket socket) throws IOException {
        socket.setSoTimeout((int) Math.min(config.loginTimeout().toMillis(), Integer.MAX_VALUE));
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory()
                .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        TlsContexts.serverMode(ssl);
        try {
            ssl.startHandshake();
        } catch (SocketTimeoutException e) {
            throw new IOException("TLS handshake timed out", e);
        } catch (IOException e) {
            throw new IOException("TLS handshake failed: " + e.getMessage(), e);
        }
        ssl.setSoTimeout(0);
        return new SocketTransport(socket, ssl, null, true);
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
        for (Peer p : live) {
            try {
                p.stop("Server shutting down"); // never waits on the client: BYE goes out from the session's side
            } catch (RuntimeException e) {
                log.warn("shutdown of a session failed: {}", e.toString());
            }
        }
        if (lmtp != null) lmtp.close(); // deliveries in progress end before the store closes
        waitForConnections();
        if (metricsServer != null) metricsServer.close();
        store.close(); // after every session thread is gone or cut off: a write in progress completes first
        if (metrics != null) metrics.close();
        log.info("stopped");
        terminated.countDown();
    }

    private void waitForConnections() {
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        joinAll(deadline);
        if (!live.isEmpty()) log.warn("shutdown: cutting {} connection(s) still busy after {}", live.size(),
                config.shutdownGrace());
        for (Peer p : live) p.abort(); // stragglers: cut the TCP socket so their threads end, whatever they wait on
        // A store write in progress finishes (or fails) before the store closes.
        joinAll(System.nanoTime() + Duration.ofSeconds(5).toNanos());
        watchdog.stop();
        for (Thread t : acceptors) join(t, System.nanoTime() + Duration.ofSeconds(5).toNanos());
    }

    private void joinAll(long deadline) {
        for (Peer p : List.copyOf(live)) {
            Thread t = p.thread();
            if (t != null) join(t, deadline);
        }
    }

    private static void join(Thread t, long deadline) {
        long left = deadline - System.nanoTime();
        try {
            if (left > 0) t.join(Duration.ofNanos(left));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
