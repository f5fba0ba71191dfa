package satchel.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.config.HostPort;
import satchel.config.Lmtp;
import satchel.config.ServerConfig;
import satchel.delivery.Delivery;
import satchel.lmtp.LmtpSession;
import satchel.session.ImapSession.Greeting;
import satchel.session.MessageMemory;
import satchel.store.MailStore;

/**
 * The LMTP listener (RFC 2033) on a TCP address or a Unix domain socket, one virtual thread per connection, each
 * running an {@link LmtpSession}. Connections are counted as IMAP's are ({@link ConnectionLimits}, with the same
 * configured limits, counted apart so an IMAP flood cannot stop mail delivery nor the reverse; a Unix socket
 * client counts as the address "local"). A full listener makes room by cutting its oldest connection waiting
 * between transactions (an MTA's cached idle connection), and refuses with 421 when there is none.
 *
 * <p>LMTP has no authentication: whoever connects can deliver to every user. So a TCP listener is refused on an
 * address other than loopback unless {@code lmtp.allow-non-loopback} says so, and a socket file gets
 * {@code lmtp.socket-mode}. A connection waiting for a command longer than {@link #COMMAND_TIMEOUT}, or whose
 * replies the peer does not read for {@code timeouts.write}, is cut. {@link #close} stops accepting, ends sessions
 * waiting between commands at once and lets a delivery in progress finish (up to {@code timeouts.shutdown}).
 */
final class LmtpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LmtpListener.class);
    /** RFC 5321 §4.5.3.2.7: a server should wait at least 5 minutes for the next command. */
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    private final ServerConfig config;
    private final LmtpSession.Settings settings;
    private final ConnectionLimits limits;
    private final Map<Peer, Clocks> live = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ServerSocket tcp; // one of these two
    private final ServerSocketChannel unix;
    private final Path socketFile;
    private final Thread acceptor;
    private final Thread ticker;
    private volatile boolean closing;

    /** The clocks of one connection's blocking reads and writes, and its session once it runs. */
    private record Clocks(ReadClock read, WriteClock write, LmtpSession session) {}

    private LmtpListener(ServerConfig config, LmtpSession.Settings settings, ServerSocket tcp,
                         ServerSocketChannel unix, Path socketFile) {
        this.config = config;
        this.settings = settings;
        this.limits = new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerIp(),
                config.maxConnectionsPerUser());
        this.tcp = tcp;
        this.unix = unix;
        this.socketFile = socketFile;
        this.acceptor = Thread.ofPlatform().name("lmtp-accept").daemon().unstarted(this::acceptLoop);
        this.ticker = Thread.ofVirtual().name("lmtp-timeouts").unstarted(this::tick);
    }

    /** Binds as configured ({@code config.lmtp().listen()} must be set) and starts accepting. */
    static LmtpListener start(ServerConfig config, MailStore store, MessageMemory memory, Path spoolDir)
            throws IOException {
        Lmtp lmtp = config.lmtp();
        var delivery = new Delivery(store, lmtp.domains(), Delivery.localHostname(),
                (config.store() instanceof satchel.config.StoreChoice.Sqlite) ? config.dataDir() : null, Clock.systemDefaultZone());
        var settings = new LmtpSession.Settings(delivery, config.limits().appendBytes(), spoolDir, memory);
        LmtpListener listener;
        if (Lmtp.isSocketPath(lmtp.listen())) {
            Path file = Path.of(lmtp.listen());
            listener = new LmtpListener(config, settings, null, bindUnix(file, lmtp.socketMode()), file);
        } else {
            listener = new LmtpListener(config, settings, bindTcp(lmtp), null, null);
        }
        listener.acceptor.start();
        listener.ticker.start();
        log.info("lmtp: listening on {}", listener.describe());
        return listener;
    }

    private static ServerSocket bindTcp(Lmtp lmtp) throws IOException {
        InetSocketAddress address = HostPort.parse(lmtp.listen()).toSocketAddress();
        if (address.isUnresolved()) throw new IOException("lmtp: cannot resolve " + lmtp.listen());
        if (!address.getAddress().isLoopbackAddress() && !lmtp.allowNonLoopback()) {
            throw new IOException("lmtp: refusing to listen on " + lmtp.listen() + ", which is not a loopback"
                    + " address: LMTP has no authentication, anyone who can connect could deliver mail. Use a"
                    + " socket path or 127.0.0.1, or set lmtp.allow-non-loopback = true behind a firewall");
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(address, 128);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen on " + lmtp.listen() + " (lmtp): " + e.getMessage(), e);
        }
        return s;
    }

    /**
     * A socket file left by a server that died is replaced; one another process still listens on is not; any
     * other file there is never deleted.
     */
    private static ServerSocketChannel bindUnix(Path file, String mode) throws IOException {
        var address = UnixDomainSocketAddress.of(file);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            var attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isOther()) throw new IOException("lmtp: " + file + " exists and is not a socket; not replacing it");
            try (SocketChannel probe = SocketChannel.open(address)) {
                throw new IOException("lmtp: another process already listens on " + file);
            } catch (IOException stale) {
                if (stale.getMessage() != null && stale.getMessage().startsWith("lmtp:")) throw stale;
                Files.delete(file);
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(address, 128);
            Files.setPosixFilePermissions(file, permissions(mode));
        } catch (IOException | UnsupportedOperationException e) {
            channel.close();
            throw new IOException("cannot listen on " + file + " (lmtp): " + e.getMessage(), e);
        }
        return channel;
    }

    /** An octal mode such as 0660 as permissions (setuid and the like are not for sockets). */
    static Set<PosixFilePermission> permissions(String mode) {
        int bits = Integer.parseInt(mode, 8);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        Set<PosixFilePermission> out = java.util.EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < order.length; i++) if ((bits & (1 << i)) != 0) out.add(order[i]);
        return out;
    }

    /** The TCP address (port 0 resolved), or null on a Unix socket. */
    InetSocketAddress tcpAddress() {
        return tcp == null ? null : (InetSocketAddress) tcp.getLocalSocketAddress();
    }

    /** The socket file, or null on TCP. */
    Path socketFile() {
        return socketFile;
    }

    String describe() {
        if (tcp == null) return socketFile.toString();
        InetSocketAddress a = tcpAddress();
        return new HostPort(a.getAddress().getHostAddress(), a.getPort()).toString();
    }

    int connections() {
        return live.size();
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                if (tcp != null) {
                    Socket s = tcp.accept();
                    admit(new Peer(ids.incrementAndGet(), s, false), s.getInputStream(), s.getOutputStream(),
                            s.getInetAddress().getHostAddress());
                } else {
                    SocketChannel c = unix.accept();
                    admit(new Peer(ids.incrementAndGet(), c, "local"), Channels.newInputStream(c),
                            Channels.newOutputStream(c), "local");
                }
            } catch (IOException e) {
                if (closing) return;
                log.warn("lmtp accept failed: {}", e.getMessage());
                sleep(Duration.ofMillis(100)); // e.g. out of file descriptors: don't spin
            }
        }
    }

    private void admit(Peer peer, InputStream rawIn, OutputStream rawOut, String address) {
        // Counted here, in accept order (as IMAP's listener counts), not on the session's thread: which newcomer
        // is refused must not depend on which virtual thread happens to run first.
        Optional<String> refusal = refusal(peer);
        Thread t = Thread.ofVirtual().name("lmtp-" + peer.id)
                .unstarted(() -> serve(peer, rawIn, rawOut, address, refusal));
        peer.thread(t);
        t.start();
    }

    private void serve(Peer peer, InputStream rawIn, OutputStream rawOut, String address, Optional<String> refusal) {
        var read = new ReadClock(rawIn);
        var write = new WriteClock(rawOut);
        OutputStream out = new java.io.BufferedOutputStream(write, 16 * 1024);
        try {
            if (refusal.isPresent()) {
                log.info("lmtp: refused {}: {}", peer, refusal.get());
                out.write(("421 4.7.0 " + refusal.get() + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            var session = new LmtpSession(settings, read, out, address, peer::abort);
            live.put(peer, new Clocks(read, write, session));
            peer.attach(new Connection() {
                @Override public void run(Greeting greeting) {
                    session.run();
                }

                @Override public void shutdown(String reason) {
                    session.shutdown();
                }
            }, null);
            if (closing) session.shutdown(); // close() may have walked live before this session was in it
            session.run();
        } catch (IOException e) {
            log.info("lmtp {} failed: {}", peer, e.getMessage());
        } catch (RuntimeException | Error e) {
            log.error("lmtp {} ended by a bug", peer, e);
        } finally {
            limits.release(peer);
            live.remove(peer);
            peer.abort();
        }
    }

    private Optional<String> refusal(Peer peer) {
        if (closing) return Optional.of("Server shutting down, try again later");
        return switch (limits.admit(peer)) {
            case ConnectionLimits.Admission.Refused(String reason) -> Optional.of(reason);
            case ConnectionLimits.Admission.Admitted(Optional<Peer> evicted) -> {
                evicted.ifPresent(old -> {
                    log.info("lmtp full: ending {} for {}", old, peer);
                    old.dismiss("Too many connections", Watchdog.GRACE);
                });
                yield Optional.empty();
            }
        };
    }

    /** Cuts connections stuck in a read (no command for too long) or a write (the peer does not read). */
    private void tick() {
        long readNanos = COMMAND_TIMEOUT.toNanos();
        long writeNanos = config.writeTimeout().toNanos();
        while (!closing) {
            sleep(Duration.ofSeconds(1));
            long now = System.nanoTime();
            for (var e : live.entrySet()) {
                Peer p = e.getKey();
                Clocks c = e.getValue();
                if (p.cutDue(now) || c.read.waitingNanos(now) > readNanos || c.write.stalledNanos(now) > writeNanos) {
                    if (p.abort()) log.info("lmtp: cut {} (timeout)", p);
                }
            }
        }
    }

    /** Stops accepting, ends idle sessions now and busy ones after their delivery, within the shutdown grace. */
    @Override public void close() {
        if (closing) return;
        closing = true;
        try {
            if (tcp != null) tcp.close();
            else unix.close();
        } catch (IOException e) {
            // closing on the way out
        }
        if (socketFile != null) {
            try {
                Files.deleteIfExists(socketFile);
            } catch (IOException e) {
                log.warn("lmtp: cannot remove {}: {}", socketFile, e.getMessage());
            }
        }
        for (Clocks c : live.values()) c.session.shutdown();
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        join(deadline);
        for (Peer p : live.keySet()) p.abort();
        join(System.nanoTime() + Duration.ofSeconds(5).toNanos()); // a store write in progress completes first
        ticker.interrupt();
    }

    private void join(long deadline) {
        for (Peer p : List.copyOf(live.keySet())) {
            Thread t = p.thread();
            long left = deadline - System.nanoTime();
            if (t == null || left <= 0) continue;
            try {
                t.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
