package satchel;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The tests' one line-level client connection (IMAP, and SMTP where a test needs it): raw bytes out, lines in,
 * nothing interpreted but tags, so a test can send anything a broken or hostile client would. A literal in a
 * response arrives as the line text that follows its {@code {n}} (what a transcript shows). Reads block for at
 * most the timeout, so a missing answer fails the test rather than hanging it, and never sleep. Keeps a log of
 * the conversation for failure messages. Not thread-safe: one thread per connection.
 */
public final class TestClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int LOGGED_LINES = 2000;
    private static final int LOGGED_BYTES = 200;

    /** No complete line within the timeout; {@code partial} is what had arrived of it. */
    public static final class LineTimeout extends IOException {
        LineTimeout(String partial) {
            super("no line within the timeout; partial: " + partial);
        }
    }

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final ArrayDeque<String> log = new ArrayDeque<>();
    private String pushedBack;
    private int tags;

    private TestClient(Socket socket) throws IOException {
        this.socket = socket;
        streams();
    }

    public static TestClient connect(InetSocketAddress address) throws IOException {
        return connect(address, TIMEOUT);
    }

    public static TestClient connect(String host, int port) throws IOException {
        return connect(new InetSocketAddress(host, port), TIMEOUT);
    }

    /** {@code timeout} bounds the connect and each read. */
    public static TestClient connect(InetSocketAddress address, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(address, (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.setTcpNoDelay(true);
            return new TestClient(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Over a socket already connected (e.g. implicit TLS); reads get {@link #TIMEOUT} unless it has one. */
    public static TestClient over(Socket connected) throws IOException {
        if (connected.getSoTimeout() == 0) connected.setSoTimeout((int) TIMEOUT.toMillis());
        return new TestClient(connected);
    }

    private void streams() throws IOException {
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public Socket socket() {
        return socket;
    }

    public void timeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    // ---- bytes out

    /** {@code line} and CRLF. */
    public void send(String line) throws IOException {
        write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Exactly these characters (UTF-8), no CRLF added: for literals, pipelines and partial lines. */
    public void write(String raw) throws IOException {
        write(raw.getBytes(StandardCharsets.UTF_8));
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        String shown = new String(bytes, 0, Math.min(bytes.length, LOGGED_BYTES), StandardCharsets.UTF_8);
        log("C: " + shown.replace("\r\n", "\\r\\n") + (bytes.length > LOGGED_BYTES ? "..." : ""));
    }

    /** The socket's own stream, below any COMPRESS layer: to send what a broken compressor would. */
    public OutputStream rawOutput() throws IOException {
        return socket.getOutputStream();
    }

    private void log(String entry) {
        if (log.size() == LOGGED_LINES) log.removeFirst();
        log.add(entry);
    }

    // ---- lines in

    /** The next line without its CRLF (or bare LF), or null if the server closed the connection first. */
    public String readLine() throws IOException {
        if (pushedBack != null) {
            String l = pushedBack;
            pushedBack = null;
            return l;
        }
        var buf = new ByteArrayOutputStream();
        int b;
        try {
            while ((b = in.read()) != -1 && b != '\n') buf.write(b);
        } catch (SocketTimeoutException e) {
            throw new LineTimeout(buf.toString(StandardCharsets.UTF_8));
        }
        if (b == -1 && buf.size() == 0) {
            log("S: <closed>");
            return null;
        }
        String line = buf.toString(StandardCharsets.UTF_8);
        if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
        log("S: " + line);
        return line;
    }

    /** The next line; the server closing first is an {@link EOFException}. */
    public String line() throws IOException {
        String l = readLine();
        if (l == null) throw new EOFException("connection closed by the server; conversation:\n" + conversation());
        return l;
    }

    /**
     * One response: a line and, for each literal it announces ({@code {n}} or {@code {n+}} at its end), CRLF, the
     * literal's bytes (as UTF-8) and the line that continues it. For tests that read message bodies.
     */
    public String response() throws IOException {
        var text = new StringBuilder();
        while (true) {
            String l = line();
            text.append(l);
            int open = l.lastIndexOf('{');
            if (!l.endsWith("}") || open < 0) return text.toString();
            int n = Integer.parseInt(l.substring(open + 1, l.length() - 1).replace("+", ""));
            byte[] literal = readBytes(n);
            text.append("\r\n").append(new String(literal, StandardCharsets.UTF_8));
        }
    }

    /** Exactly {@code n} bytes, e.g. a literal whose {@code {n}} ended the last line read. */
    public byte[] readBytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) throw new EOFException("connection closed inside a literal of " + n + " bytes");
        log("S: <" + n + " bytes>");
        return b;
    }

    /** Reads and drops {@code n} bytes (a literal too big to keep). */
    public void skipBytes(long n) throws IOException {
        in.skipNBytes(n);
        log("S: <" + n + " bytes skipped>");
    }

    /** The greeting (IMAP {@code * OK}, {@code * PREAUTH}, {@code * BYE}; SMTP {@code 220}). */
    public String greeting() throws IOException {
        return line();
    }

    /** Returns a line not taken after all; the next {@link #readLine} yields it again. */
    public void unread(String line) {
        pushedBack = line;
    }

    /** Lines that have already arrived, read without waiting for more. */
    public List<String> pendingLines() throws IOException {
        var lines = new ArrayList<String>();
        if (pushedBack != null) lines.add(readLine());
        while (!socket.isClosed() && in.available() > 0) {
            String l = readLine();
            if (l == null) break;
            lines.add(l);
        }
        return lines;
    }

    /** Lines up to and including the first starting with {@code prefix}; the server closing first is an error. */
    public List<String> until(String prefix) throws IOException {
        List<String> lines = untilOrClosed(prefix);
        if (lines.isEmpty() || !lines.getLast().startsWith(prefix)) {
            throw new EOFException("closed before \"" + prefix + "\"; got " + lines);
        }
        return lines;
    }

    /** The same, but the server closing first ends the list with whatever came (e.g. a BYE at shutdown). */
    public List<String> untilOrClosed(String prefix) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l = readLine(); l != null; l = readLine()) {
            lines.add(l);
            if (l.startsWith(prefix)) break;
        }
        return lines;
    }

    // ---- IMAP commands

    /** A fresh tag: a1, a2, ... */
    public String nextTag() {
        return "a" + ++tags;
    }

    /** Sends {@code command} with a fresh tag; returns every line up to the tagged one, which is last. */
    public List<String> command(String command) throws IOException {
        return command(nextTag(), command);
    }

    public List<String> command(String tag, String command) throws IOException {
        send(tag + " " + command);
        return until(tag + " ");
    }

    /**
     * Sends {@code command} with a fresh tag and requires a tagged OK; returns the responses before it, each with
     * its literals read inline ({@link #response}).
     */
    public List<String> ok(String command) throws IOException {
        String tag = nextTag();
        send(tag + " " + command);
        List<String> lines = new ArrayList<>();
        for (String r = response(); ; r = response()) {
            if (r.startsWith(tag + " ")) {
                if (!r.startsWith(tag + " OK")) throw new AssertionError(command + " -> " + lines + " " + r);
                return lines;
            }
            lines.add(r);
        }
    }

    /** The tagged answer to {@code command}. */
    public String last(String command) throws IOException {
        return command(command).getLast();
    }

    /** Connects, reads the greeting and logs in; a refused LOGIN is an {@link IOException} with the answer. */
    public static TestClient login(InetSocketAddress address, String user, String password) throws IOException {
        TestClient c = connect(address);
        try {
            c.greeting();
            String ok = c.last("LOGIN " + quote(user) + " " + quote(password));
            if (!ok.startsWith("a1 OK")) throw new IOException(ok);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** APPEND of {@code message} to {@code mailbox} in a non-synchronizing literal (LITERAL+); every line answered. */
    public List<String> append(String tag, String mailbox, byte[] message) throws IOException {
        byte[] head = (tag + " APPEND " + quote(mailbox) + " {" + message.length + "+}\r\n")
                .getBytes(StandardCharsets.UTF_8);
        var whole = new ByteArrayOutputStream(head.length + message.length + 2);
        whole.writeBytes(head);
        whole.writeBytes(message);
        whole.writeBytes(new byte[] {'\r', '\n'});
        write(whole.toByteArray());
        return until(tag + " ");
    }

    /** An APPEND that must succeed: the UID its APPENDUID names (RFC 4315). */
    public long appendUid(String tag, String mailbox, byte[] message) throws IOException {
        String last = append(tag, mailbox, message).getLast();
        int at = last.indexOf("[APPENDUID ");
        if (!last.startsWith(tag + " OK") || at < 0) throw new IOException("APPEND failed: " + last);
        return Long.parseLong(last.substring(at + 11, last.indexOf(']', at)).split(" ")[1]);
    }

    /** Sends {@code tag command {n}} (a synchronizing literal) and waits for the server's continuation. */
    public void announce(String tag, String command, long n) throws IOException {
        send(tag + " " + command + " {" + n + "}");
        String cont = readLine();
        if (cont == null || !cont.startsWith("+")) throw new IOException("no continuation: " + cont);
    }

    /** FETCH of {@code seq}'s BODY.PEEK[]: the literal's exact bytes; the tagged answer must be OK. */
    public byte[] fetchBody(String tag, long seq) throws IOException {
        byte[] body = readBytes(Math.toIntExact(fetchLiteral(tag, seq)));
        requireOk(tag);
        return body;
    }

    /** The same, counting the literal's bytes without keeping them (for bodies of hundreds of megabytes). */
    public long fetchBodySize(String tag, long seq) throws IOException {
        long n = fetchLiteral(tag, seq);
        skipBytes(n);
        requireOk(tag);
        return n;
    }

    private long fetchLiteral(String tag, long seq) throws IOException {
        send(tag + " FETCH " + seq + " BODY.PEEK[]");
        String head = until("* ").getLast();
        int open = head.lastIndexOf('{');
        if (open < 0 || !head.endsWith("}")) throw new IOException("no literal: " + head);
        return Long.parseLong(head.substring(open + 1, head.length() - 1));
    }

    private void requireOk(String tag) throws IOException {
        String done = until(tag + " ").getLast();
        if (!done.startsWith(tag + " OK")) throw new IOException(done);
    }

    /** An IMAP quoted string. */
    public static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---- transport changes

    /**
     * Client side of STARTTLS after the server's OK (RFC 3501 §6.2.1), trusting {@code tls}: no plaintext may
     * be buffered past that OK (the CVE-2011-0411 pattern).
     */
    public void startTls(SSLContext tls) throws IOException {
        if (pushedBack != null || in.available() > 0) {
            throw new IOException("plaintext after the STARTTLS OK (CVE-2011-0411 pattern)");
        }
        var host = socket.getInetAddress().getHostAddress();
        var ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
        ssl.setUseClientMode(true);
        ssl.startHandshake();
        socket = ssl;
        streams();
        log("-- TLS established");
    }

    /**
     * RFC 4978 after the server's OK to COMPRESS DEFLATE: raw DEFLATE both ways from here on, sync-flushed on every
     * write. Bytes already buffered belong to the compressed stream, so the inflater reads through the buffer.
     */
    public void compress() {
        in = new InflaterInputStream(in, new Inflater(true));
        out = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true), true);
        log("-- COMPRESS=DEFLATE active");
    }

    /** The conversation so far (its last {@value #LOGGED_LINES} entries), one per line read or write. */
    public List<String> log() {
        return List.copyOf(log);
    }

    private String conversation() {
        List<String> all = log();
        return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
    }

    @Override public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test connection: nothing to recover
        }
    }
}
