package satchel.transcript;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * One client connection of a transcript. Reads block for at most the timeout (the socket's SO_TIMEOUT), so a
 * test waits for the server's line and never sleeps. Keeps a log of the conversation for failure messages.
 */
final class Client implements AutoCloseable {
    /** Thrown when no complete line arrives within the timeout. */
    static final class LineTimeout extends IOException {
        LineTimeout(String partial) { super("no line within the timeout; partial: " + partial); }
    }

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final List<String> log = new ArrayList<>();
    private String pushedBack;

    Client(InetSocketAddress address, Duration timeout) throws IOException {
        socket = new Socket();
        socket.connect(address, (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        streams();
    }

    private void streams() throws IOException {
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        String shown = new String(bytes, StandardCharsets.UTF_8);
        log.add("C: " + (shown.length() > 200 ? shown.substring(0, 200) + "..." : shown).replace("\r\n", "\\r\\n"));
    }

    /** The next line without its CRLF (or LF), or null if the server closed the connection first. */
    String readLine() throws IOException {
        if (pushedBack != null) {
            String l = pushedBack;
            pushedBack = null;
            return l;
        }
        var buf = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') buf.write(b);
            if (b == -1 && buf.size() == 0) {
                log.add("S: <closed>");
                return null;
            }
        } catch (SocketTimeoutException e) {
            throw new LineTimeout(buf.toString(StandardCharsets.UTF_8));
        }
        String line = buf.toString(StandardCharsets.UTF_8);
        if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
        log.add("S: " + line);
        return line;
    }

    /** Returns a line not taken by an optional expectation; the next {@link #readLine} yields it again. */
    void unread(String line) {
        pushedBack = line;
    }

    /** Lines that have already arrived, read without waiting for more. */
    List<String> pendingLines() throws IOException {
        var lines = new ArrayList<String>();
        if (pushedBack != null) lines.add(readLine());
        while (!socket.isClosed() && in.available() > 0) {
            String l = readLine();
            if (l == null) break;
            lines.add(l);
        }
        return lines;
    }

    /** Client side of STARTTLS (RFC 3501 §6.2.1): no plaintext may be buffered past the server's OK. */
    void startTls() throws IOException {
        if (in.available() > 0) throw new IOException("plaintext after the STARTTLS OK (CVE-2011-0411 pattern)");
        var host = socket.getInetAddress().getHostAddress();
        var tls = (SSLSocket) TrustAll.context().getSocketFactory()
                .createSocket(socket, host, socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        socket = tls;
        streams();
        log.add("-- TLS established");
    }

    List<String> log() {
        return log;
    }

    @Override public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test connection: nothing to recover
        }
    }
}
