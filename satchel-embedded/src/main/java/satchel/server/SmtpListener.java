package satchel.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.smtp.SmtpSession;

/**
 * The SMTP listener of an embedded server (tests and development; no configuration file can turn it on): one
 * virtual thread per connection running an {@link SmtpSession}, STARTTLS with the server's certificate. It has
 * none of the LMTP listener's connection limits or timeouts, because it only ever listens on loopback for the
 * tests of the process that started it. {@link #close} stops accepting and cuts every connection.
 */
public final class SmtpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SmtpListener.class);
    /** RFC 5321 §4.5.3.2.7: at least 5 minutes for the next command. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    private final ServerSocket socket;
    private final SmtpSession.Settings settings;
    private final SSLContext tls;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closing;

    private SmtpListener(ServerSocket socket, SmtpSession.Settings settings, SSLContext tls) {
        this.socket = socket;
        this.settings = settings;
        this.tls = tls;
        this.acceptor = Thread.ofPlatform().name("smtp-accept").daemon().unstarted(this::acceptLoop);
    }

    /** Listens on {@code address} (loopback; port 0 for an ephemeral port). */
    public static SmtpListener start(InetSocketAddress address, SmtpSession.Settings settings,
                                     InMemoryCertificate certificate) throws IOException {
        if (!address.getAddress().isLoopbackAddress()) {
            throw new IOException("smtp: the test listener only listens on loopback, not " + address);
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(address, 128);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen on " + address + " (smtp): " + e.getMessage(), e);
        }
        var listener = new SmtpListener(s, settings, certificate.reloader().context());
        listener.acceptor.start();
        return listener;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                Socket s = socket.accept();
                live.add(s);
                Thread.ofVirtual().name("smtp-" + s.getPort()).start(() -> serve(s));
            } catch (IOException e) {
                if (closing) return;
                log.warn("smtp accept failed: {}", e.getMessage());
            }
        }
    }

    private void serve(Socket s) {
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) COMMAND_TIMEOUT.toMillis());
            new SmtpSession(settings, new SocketChannel(s)).run();
        } catch (IOException e) {
            log.info("smtp connection failed: {}", e.getMessage());
        } catch (RuntimeException | Error e) {
            log.error("smtp connection ended by a bug", e);
        } finally {
            live.remove(s);
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** A TCP connection whose streams become TLS ones after STARTTLS. */
    private final class SocketChannel implements SmtpSession.Channel {
        private final Socket raw;
        private Socket current;

        SocketChannel(Socket raw) {
            this.raw = raw;
            this.current = raw;
        }

        @Override public InputStream input() {
            try {
                return current.getInputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override public OutputStream output() {
            try {
                return current.getOutputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override public boolean secure() {
            return current instanceof SSLSocket;
        }

        @Override public String peerAddress() {
            return raw.getInetAddress().getHostAddress();
        }

        @Override public void startTls() throws IOException {
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory()
                    .createSocket(raw, raw.getInetAddress().getHostAddress(), raw.getPort(), true);
            TlsContexts.serverMode(ssl);
            ssl.startHandshake();
            current = ssl;
        }
    }

    @Override public void close() {
        if (closing) return;
        closing = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing on the way out
        }
        // A test server: a delivery in progress is cut rather than waited for.
        for (Socket s : live) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
