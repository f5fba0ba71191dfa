package satchel.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many authenticated (optionally idling) connections driven by a few selector threads: no thread per
 * connection on the client side, so the client costs little next to the server being measured. Each
 * connection is a tiny state machine: greeting, LOGIN, [SELECT INBOX, IDLE]. Once idling, the first
 * {@code * n EXISTS} is timestamped for the latency benchmark.
 */
final class NioIdlers implements AutoCloseable {
    enum State { GREETING, LOGIN, SELECT, IDLE_WAIT, READY, FAILED }

    static final class Conn {
        final SocketChannel ch;
        final String user;
        volatile State state = State.GREETING;
        final StringBuilder line = new StringBuilder();
        long literalLeft;
        volatile long existsAt;
        Conn(SocketChannel ch, String user) { this.ch = ch; this.user = user; }
    }

    private final String host;
    private final int port;
    private final String pass;
    private final boolean select;
    private final boolean idle;
    private final List<Selector> selectors = new ArrayList<>();
    private final List<ConcurrentLinkedQueue<Conn>> pending = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    final List<Conn> conns = new ArrayList<>();
    private final Semaphore inFlight;
    final AtomicInteger ready = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final ConcurrentHashMap<String, Integer> errors = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    NioIdlers(String host, int port, String pass, boolean select, boolean idle, int threadCount, int maxInFlight)
            throws IOException {
        this.host = host;
        this.port = port;
        this.pass = pass;
        this.select = select || idle;
        this.idle = idle;
        this.inFlight = new Semaphore(maxInFlight);
        for (int i = 0; i < threadCount; i++) {
            Selector sel = Selector.open();
            ConcurrentLinkedQueue<Conn> q = new ConcurrentLinkedQueue<>();
            selectors.add(sel);
            pending.add(q);
            Thread t = Thread.ofPlatform().daemon().name("nio-" + i).start(() -> loop(sel, q));
            threads.add(t);
        }
    }

    /** Opens {@code count} connections round-robin over users, at most maxInFlight handshakes at a time. */
    boolean open(int count, List<String> users, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        for (int i = 0; i < count; i++) {
            if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) return false;
            String user = users.get(i % users.size());
            try {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, port));
                ch.configureBlocking(false);
                Conn c = new Conn(ch, user);
                synchronized (conns) { conns.add(c); }
                int k = i % selectors.size();
                pending.get(k).add(c);
                selectors.get(k).wakeup();
            } catch (IOException e) {
                errors.merge("connect: " + e.getMessage(), 1, Integer::sum);
                failed.incrementAndGet();
                inFlight.release();
            }
        }
        return waitSettled(count, deadline);
    }

    private boolean waitSettled(int count, long deadline) throws InterruptedException {
        while (ready.get() + failed.get() < count) {
            if (System.nanoTime() > deadline) return false;
            synchronized (this) { wait(50); }
        }
        return true;
    }

    private void loop(Selector sel, ConcurrentLinkedQueue<Conn> q) {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        while (running) {
            try {
                sel.select(200);
                for (Conn c; (c = q.poll()) != null; ) c.ch.register(sel, SelectionKey.OP_READ, c);
                for (SelectionKey key : sel.selectedKeys()) {
                    Conn c = (Conn) key.attachment();
                    buf.clear();
                    int n;
                    try {
                        n = c.ch.read(buf);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        fail(c, "connection closed by server");
                        key.cancel();
                        continue;
                    }
                    long now = System.nanoTime();
                    buf.flip();
                    consume(c, buf, now);
                }
                sel.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                errors.merge("selector: " + e, 1, Integer::sum);
            }
        }
    }

    private void consume(Conn c, ByteBuffer buf, long now) {
        while (buf.hasRemaining()) {
            if (c.literalLeft > 0) {
                int skip = (int) Math.min(c.literalLeft, buf.remaining());
                buf.position(buf.position() + skip);
                c.literalLeft -= skip;
                continue;
            }
            byte b = buf.get();
            if (b != '\n') {
                if (b != '\r') c.line.append((char) b);
                continue;
            }
            String l = c.line.toString();
            int lit = l.endsWith("}") ? l.lastIndexOf('{') : -1;
            if (lit >= 0) {
                c.literalLeft = Long.parseLong(l.substring(lit + 1, l.length() - 1).replace("+", ""));
                continue;  // the response goes on after the literal
            }
            c.line.setLength(0);
            onLine(c, l, now);
        }
    }

    private void onLine(Conn c, String l, long now) {
        if (l.startsWith("* BYE")) {
            fail(c, l);
            return;
        }
        switch (c.state) {
            case GREETING -> {
                if (l.startsWith("* OK")) send(c, "L LOGIN " + ImapClient.quote(c.user) + " " + ImapClient.quote(pass), State.LOGIN);
                else fail(c, l);
            }
            case LOGIN -> tagged(c, l, "L ", select ? "S SELECT INBOX" : null, State.SELECT);
            case SELECT -> tagged(c, l, "S ", idle ? "I IDLE" : null, State.IDLE_WAIT);
            case IDLE_WAIT -> {
                if (l.startsWith("+")) reached(c);
                else if (l.startsWith("I ")) fail(c, l);
            }
            case READY -> {
                if (c.existsAt == 0 && l.startsWith("* ") && l.endsWith(" EXISTS")) c.existsAt = now;
            }
            case FAILED -> { }
        }
    }

    private void tagged(Conn c, String l, String tag, String next, State nextState) {
        if (!l.startsWith(tag)) return;
        if (!l.startsWith(tag + "OK")) fail(c, l);
        else if (next == null) reached(c);
        else send(c, next, nextState);
    }

    private void send(Conn c, String cmd, State next) {
        c.state = next;
        try {
            ByteBuffer b = ByteBuffer.wrap((cmd + "\r\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) c.ch.write(b);  // a few bytes into an idle socket: does not spin
        } catch (IOException e) {
            fail(c, "write: " + e.getMessage());
        }
    }

    private void reached(Conn c) {
        c.state = State.READY;
        ready.incrementAndGet();
        inFlight.release();
        synchronized (this) { notifyAll(); }
    }

    private void fail(Conn c, String why) {
        if (c.state == State.FAILED) return;
        boolean wasReady = c.state == State.READY;
        c.state = State.FAILED;
        String key = why.length() > 100 ? why.substring(0, 100) : why;
        errors.merge(key.replaceAll("^[A-Z] ", ""), 1, Integer::sum);
        if (wasReady) ready.decrementAndGet();
        failed.incrementAndGet();
        if (!wasReady) inFlight.release();
        try {
            c.ch.close();
        } catch (IOException ignored) {
            // already broken
        }
        synchronized (this) { notifyAll(); }
    }

    /** Waits until every ready connection has seen EXISTS, or the deadline passes. */
    boolean awaitExists(long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            boolean all = true;
            synchronized (conns) {
                for (Conn c : conns) if (c.state == State.READY && c.existsAt == 0) { all = false; break; }
            }
            if (all) return true;
            synchronized (this) { wait(20); }
        }
        return false;
    }

    @Override public void close() {
        running = false;
        for (Selector s : selectors) s.wakeup();
        for (Thread t : threads) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (conns) {
            for (Conn c : conns) {
                try {
                    c.ch.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
        for (Selector s : selectors) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
