package satchel.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP load balancer for tests, as deployments put in front of several nodes: each new connection goes to the next
 * backend in turn, or to the one after it if that one refuses (a killed node's clients reconnect to the others).
 * Bytes are copied unchanged both ways on virtual threads; when one side closes, the other is closed too, as
 * haproxy does in TCP mode.
 */
public final class RoundRobinProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final List<InetSocketAddress> backends;
    private final AtomicLong next = new AtomicLong();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private RoundRobinProxy(ServerSocket listener, List<InetSocketAddress> backends) {
        this.listener = listener;
        this.backends = List.copyOf(backends);
    }

    /** Listens on an ephemeral loopback port. */
    public static RoundRobinProxy start(List<InetSocketAddress> backends) throws IOException {
        var proxy = new RoundRobinProxy(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()), backends);
        Thread.ofVirtual().name("proxy-accept").start(proxy::accept);
        return proxy;
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            Thread.ofVirtual().start(() -> relay(client));
        }
    }

    private void relay(Socket client) {
        open.add(client);
        Socket backend = connect();
        if (backend == null) {
            close(client); // every node is down: the client sees the connection close, as behind a real balancer
            return;
        }
        open.add(backend);
        Thread up = Thread.ofVirtual().start(() -> copy(client, backend));
        copy(backend, client);
        try {
            up.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Socket connect() {
        long first = next.getAndIncrement();
        for (int i = 0; i < backends.size(); i++) {
            try {
                Socket s = new Socket();
                s.connect(backends.get((int) ((first + i) % backends.size())), 5_000);
                return s;
            } catch (IOException down) {
                // the next node takes it
            }
        }
        return null;
    }

    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // either side went away: both are closed below
        } finally {
            close(from);
            close(to);
        }
    }

    private void close(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override public void close() throws IOException {
        listener.close();
        open.forEach(this::close);
    }
}
