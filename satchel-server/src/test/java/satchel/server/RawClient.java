package satchel.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A byte-level IMAP client for tests of hostile clients: half-sent literals, raw compressed streams. Reads time
 * out after 30 s so a missing answer fails the test instead of hanging it.
 */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private InputStream in;
    private OutputStream out;

    RawClient(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(30_000);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        line(); // greeting
    }

    static RawClient login(InetSocketAddress address, String user) throws IOException {
        RawClient c = new RawClient(address);
        String ok = c.command("l", "LOGIN " + user + " secret");
        if (!ok.startsWith("l OK")) throw new IOException(ok);
        return c;
    }

    void send(String line) throws IOException {
        write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** The socket's own stream, whatever layer the session has pushed (to send corrupt compressed data). */
    OutputStream rawOutput() throws IOException { return socket.getOutputStream(); }

    /** One line without CRLF; null at end of stream. */
    String line() throws IOException {
        var b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') if (c != '\r') b.write(c);
        if (c < 0 && b.size() == 0) return null;
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Lines until the one starting with {@code prefix}, which is returned. */
    String until(String prefix) throws IOException {
        for (String l = line(); l != null; l = line()) if (l.startsWith(prefix)) return l;
        throw new EOFException("closed before " + prefix);
    }

    String command(String tag, String command) throws IOException {
        send(tag + " " + command);
        return until(tag + " ");
    }

    /** Sends "{n}" and waits for the continuation. */
    void announce(String tag, String command, long n) throws IOException {
        send(tag + " " + command + " {" + n + "}");
        String cont = line();
        if (cont == null || !cont.startsWith("+")) throw new IOException("no continuation: " + cont);
    }

    /** The literal of "* n FETCH (BODY[] {size}" read whole, then the tagged result must be OK. */
    byte[] fetchBody(String tag, long seq) throws IOException {
        send(tag + " FETCH " + seq + " BODY.PEEK[]");
        String head = until("* ");
        int open = head.lastIndexOf('{');
        if (open < 0 || !head.endsWith("}")) throw new IOException("no literal: " + head);
        byte[] body = in.readNBytes(Integer.parseInt(head.substring(open + 1, head.length() - 1)));
        String done = until(tag + " ");
        if (!done.startsWith(tag + " OK")) throw new IOException(done);
        return body;
    }

    /** Like {@link #fetchBody} but only counts the literal's bytes, through a small buffer. */
    long fetchBodySize(String tag, long seq) throws IOException {
        send(tag + " FETCH " + seq + " BODY.PEEK[]");
        String head = until("* ");
        int open = head.lastIndexOf('{');
        long n = Long.parseLong(head.substring(open + 1, head.length() - 1));
        in.skipNBytes(n);
        String done = until(tag + " ");
        if (!done.startsWith(tag + " OK")) throw new IOException(done);
        return n;
    }

    /** RFC 4978 from here on, both ways (the caller has had the tagged OK). */
    void compressed() {
        in = new InflaterInputStream(in, new Inflater(true));
        out = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_SPEED, true), 64 * 1024, true);
    }

    @Override public void close() throws IOException {
        socket.close();
    }
}
