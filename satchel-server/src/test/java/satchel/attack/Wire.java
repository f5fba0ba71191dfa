package satchel.attack;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One raw IMAP connection from a chosen loopback source address: bytes out, response lines in, nothing
 * interpreted beyond tags and literal lengths (so it works against any IMAP server). Lines are bounded
 * ({@link #MAX_LINE}); literal payloads in responses are skipped, not kept. Not thread-safe.
 */
final class Wire implements AutoCloseable {
    static final int MAX_LINE = 1 << 20;

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Wire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
    }

    /**
     * Connects {@code from} a loopback source address; {@code rcvBuf} > 0 shrinks the receive buffer before the
     * connect (a non-reading client then stalls the server's writes early). TLS certificates are not checked:
     * the tool only ever talks to loopback.
     */
    static Wire open(Target t, InetAddress from, boolean tls, int timeoutMs, int rcvBuf) throws IOException {
        Socket s = plain(t, from, tls ? t.tlsPort() : t.port(), timeoutMs, rcvBuf);
        try {
            if (tls) {
                SSLSocket ssl = (SSLSocket) TRUST_ALL.getSocketFactory()
                        .createSocket(s, t.host().getHostAddress(), t.tlsPort(), true);
                ssl.setSoTimeout(timeoutMs);
                ssl.startHandshake();
                return new Wire(ssl);
            }
            return new Wire(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** A plain TCP socket, connected, nothing read or written. */
    static Socket plain(Target t, InetAddress from, int port, int timeoutMs, int rcvBuf) throws IOException {
        Socket s = new Socket();
        try {
            s.setReuseAddress(true);
            if (rcvBuf > 0) s.setReceiveBufferSize(rcvBuf);
            s.bind(new InetSocketAddress(Target.requireLoopback(from), 0));
            s.connect(new InetSocketAddress(t.host(), port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            s.setTcpNoDelay(true);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    void timeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    /** The next line without CRLF; a literal announced at its end is skipped and the line continues. */
    String line() throws IOException {
        StringBuilder whole = new StringBuilder();
        while (true) {
            String part = rawLine();
            whole.append(part);
            int open = part.lastIndexOf('{');
            if (!part.endsWith("}") || open < 0) return whole.toString();
            long n;
            try {
                n = Long.parseLong(part.substring(open + 1, part.length() - 1).replace("+", ""));
            } catch (NumberFormatException e) {
                return whole.toString();
            }
            skip(n);
            if (whole.length() > MAX_LINE) throw new IOException("response line over " + MAX_LINE + " bytes");
        }
    }

    /** The next line with the literal at its end read into the text (for small FETCH answers). */
    String lineWithLiteral(int maxLiteral) throws IOException {
        String part = rawLine();
        int open = part.lastIndexOf('{');
        if (!part.endsWith("}") || open < 0) return part;
        int n = Integer.parseInt(part.substring(open + 1, part.length() - 1));
        if (n > maxLiteral) throw new IOException("literal of " + n + " bytes where at most " + maxLiteral + " expected");
        byte[] body = in.readNBytes(n);
        if (body.length < n) throw new EOFException("connection closed inside a literal");
        return part + new String(body, StandardCharsets.ISO_8859_1) + line();
    }

    private String rawLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) throw new EOFException("connection closed by the server");
            if (c == '\n' && prev == '\r') {
                byte[] bytes = b.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
            prev = c;
            if (b.size() > MAX_LINE) throw new IOException("response line over " + MAX_LINE + " bytes");
        }
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long k = in.skip(n);
            if (k <= 0) {
                if (in.read() < 0) throw new EOFException("connection closed inside a literal");
                k = 1;
            }
            n -= k;
        }
    }

    void send(String s) throws IOException {
        send(s.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    void send(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        out.flush();
    }

    /** Reads until the tagged answer to {@code tag} and returns it, e.g. {@code "a1 OK done"}. */
    String await(String tag) throws IOException {
        String prefix = tag + " ";
        while (true) {
            String l = line();
            if (l.startsWith(prefix)) return l;
        }
    }

    /** Sends {@code tag command} and returns the tagged answer. */
    String command(String tag, String command) throws IOException {
        send(tag + " " + command + "\r\n");
        return await(tag);
    }

    /** Reads until a line starting with {@code prefix} (e.g. "+"), returning it; tagged lines end the wait too. */
    String until(String prefix, String tag) throws IOException {
        while (true) {
            String l = line();
            if (l.startsWith(prefix) || l.startsWith(tag + " ")) return l;
        }
    }

    /** Greeting, then LOGIN; true when the server answered OK. */
    boolean login(String user, String pass) throws IOException {
        String g = line();
        if (!g.startsWith("* OK")) return false;
        return command("L", "LOGIN " + quote(user) + " " + quote(pass)).startsWith("L OK");
    }

    /** The socket output, for DEFLATE bytes after COMPRESS (the attacks compress, or corrupt, by hand). */
    OutputStream rawOut() throws IOException {
        return socket.getOutputStream();
    }

    /** True when the server closed the connection (EOF or reset) within {@code ms}; false if it stayed open. */
    boolean closedWithin(int ms) {
        try {
            socket.setSoTimeout(ms);
            InputStream raw = socket.getInputStream();
            byte[] buf = new byte[8192];
            long deadline = System.nanoTime() + ms * 1_000_000L;
            while (System.nanoTime() < deadline) {
                if (raw.read(buf) < 0) return true;
            }
            return false;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private static final SSLContext TRUST_ALL = trustAll();

    private static SSLContext trustAll() {
        try {
            TrustManager tm = new X509TrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] chain, String type) {}
                @Override public void checkServerTrusted(X509Certificate[] chain, String type) {}
                @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            };
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[] {tm}, new SecureRandom());
            return c;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of a real TLS ClientHello, to be dribbled out by the slow-handshake attack. */
    static byte[] clientHello() {
        try {
            var engine = TRUST_ALL.createSSLEngine("localhost", 993);
            engine.setUseClientMode(true);
            engine.beginHandshake();
            var dst = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(java.nio.ByteBuffer.allocate(0), dst);
            dst.flip();
            byte[] hello = new byte[dst.remaining()];
            dst.get(hello);
            return hello;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
