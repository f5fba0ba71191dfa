package satchel.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.config.Cidr;
import satchel.store.PrivateFiles;

/**
 * The running server's control socket: a Unix domain socket {@code admin.sock} in the data directory, mode 0600
 * inside the 0700 directory, so only the server's own user (and root) can talk to it. One virtual thread accepts,
 * one more serves each client. The protocol, one request per connection, UTF-8 lines ending in LF:
 *
 * <pre>
 *   C: WHO                         S: * id TAB user TAB address TAB state TAB mailbox TAB since TAB in TAB out
 *                                  (one line per connection; mailbox "-" when none), then OK n connection(s)
 *   C: KICK USER name TAB reason   S: OK n connection(s) asked to go
 *   C: KICK ADDR ip-or-cidr TAB reason
 *   C: RELOAD                      S: * what was reloaded, one line per item; then OK reloaded
 * </pre>
 * A request the server cannot carry out gets {@code NO reason}; the server closes after the final OK or NO.
 * Control characters in any field are replaced by "?", so a mailbox name cannot forge a line.
 */
public final class AdminChannel implements AutoCloseable {
    public static final String SOCKET = "admin.sock";
    private static final Logger log = LoggerFactory.getLogger(AdminChannel.class);
    private static final int MAX_LINE = 4096;
    /** A client that neither asks nor reads its answer is cut after this, so its thread does not stay forever. */
    private static final java.time.Duration DEADLINE = java.time.Duration.ofSeconds(30);

    private final Path path;
    private final ServerSocketChannel listener;
    private final ImapServer server;
    private final Supplier<java.util.List<String>> reload;

    private AdminChannel(Path path, ServerSocketChannel listener, ImapServer server,
                         Supplier<java.util.List<String>> reload) {
        this.path = path;
        this.listener = listener;
        this.server = server;
        this.reload = reload;
    }

    /**
     * Listens on {@code dataDir/admin.sock} for {@code server}; {@code reload} does what SIGHUP does and says what
     * it did. A socket file left by a server that died is replaced: the caller holds the {@link DataDirLock}, so
     * no live server owns it.
     */
    public static AdminChannel start(Path dataDir, ImapServer server, Supplier<java.util.List<String>> reload)
            throws IOException {
        Path path = dataDir.resolve(SOCKET);
        Files.deleteIfExists(path);
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            listener.bind(UnixDomainSocketAddress.of(path));
            PrivateFiles.tighten(path);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw new IOException("cannot listen on the admin socket " + path + ": " + e.getMessage(), e);
        }
        var channel = new AdminChannel(path, listener, server, reload);
        Thread.ofVirtual().name("admin-accept").start(channel::acceptLoop);
        return channel;
    }

    public Path path() {
        return path;
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            try {
                SocketChannel client = listener.accept();
                Thread.ofVirtual().name("admin").start(() -> serve(client));
            } catch (IOException e) {
                if (listener.isOpen()) log.warn("admin socket: accept failed: {}", e.getMessage());
                return;
            }
        }
    }

    private void serve(SocketChannel client) {
        Thread cutter = Thread.ofVirtual().name("admin-deadline").start(() -> {
            try {
                Thread.sleep(DEADLINE);
                client.close(); // unblocks the read or write below
            } catch (InterruptedException | IOException e) {
                // answered in time, or already closed
            }
        });
        try (client) {
            var out = new PrintStream(Channels.newOutputStream(client), false, StandardCharsets.UTF_8);
            String request = line(Channels.newInputStream(client));
            if (request != null) answer(request, out);
            else out.print("NO request missing or longer than " + MAX_LINE + " bytes\n");
            out.flush();
        } catch (IOException | RuntimeException e) {
            log.warn("admin socket: request failed: {}", e.toString());
        } finally {
            cutter.interrupt();
        }
    }

    /** The request line without its LF; null at end of stream, or when longer than {@link #MAX_LINE} bytes. */
    private static String line(java.io.InputStream in) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        boolean tooLong = false;
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) return null;
            if (bytes.size() < MAX_LINE) bytes.write(c);
            else tooLong = true; // read on to the end of the line (within the deadline): closing unread resets
        }
        if (tooLong) return null;
        String line = bytes.toString(StandardCharsets.UTF_8);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private void answer(String request, PrintStream out) {
        String[] words = request.split(" ", 3);
        switch (words[0]) {
            case "WHO" -> {
                var sessions = server.sessions();
                for (SessionInfo s : sessions) {
                    out.print("* " + String.join("\t", Long.toString(s.id()), clean(s.user()),
                            s.address().getHostAddress(), s.state(), s.mailbox() == null ? "-" : clean(s.mailbox()),
                            s.since().toString(), Long.toString(s.bytesIn()), Long.toString(s.bytesOut())) + "\n");
                }
                out.print("OK " + sessions.size() + " connection(s)\n");
            }
            case "KICK" -> kick(words, out);
            case "RELOAD" -> {
                log.info("reload requested on the admin socket");
                for (String done : reload.get()) out.print("* " + clean(done) + "\n");
                out.print("OK reloaded\n");
            }
            default -> out.print("NO unknown request; expected WHO, KICK or RELOAD\n");
        }
    }

    private void kick(String[] words, PrintStream out) {
        if (words.length < 3) {
            out.print("NO expected KICK USER name or KICK ADDR address\n");
            return;
        }
        String[] targetAndReason = words[2].split("\t", 2);
        String target = targetAndReason[0];
        String reason = targetAndReason.length > 1 && !targetAndReason[1].isBlank()
                ? clean(targetAndReason[1]) : "Disconnected by the administrator";
        Predicate<SessionInfo> which;
        try {
            which = switch (words[1]) {
                case "USER" -> s -> s.user().equals(target);
                case "ADDR" -> address(target);
                default -> throw new IllegalArgumentException("expected USER or ADDR, got " + clean(words[1]));
            };
        } catch (IllegalArgumentException e) {
            out.print("NO " + clean(e.getMessage()) + "\n");
            return;
        }
        out.print("OK " + server.kick(which, reason) + " connection(s) asked to go\n");
    }

    /** An IP address or a network; never a host name to resolve. */
    private static Predicate<SessionInfo> address(String text) {
        if (text.contains("/")) {
            Cidr net = Cidr.parse(text);
            return s -> net.contains(s.address());
        }
        InetAddress one = InetAddress.ofLiteral(text);
        return s -> s.address().equals(one);
    }

    private static String clean(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    /** Stops listening and removes the socket file. */
    @Override public void close() {
        try {
            listener.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("admin socket: cannot remove {}: {}", path, e.getMessage());
        }
    }
}
