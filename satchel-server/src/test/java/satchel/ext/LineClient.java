package satchel.ext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** A line-oriented IMAP client for tests; reads time out after 10 s so a missing answer fails, not hangs. */
final class LineClient implements AutoCloseable {
    private final Socket socket;
    private InputStream in;
    private OutputStream out;

    LineClient(InetSocketAddress address) throws IOException {
        this(new Socket(address.getAddress(), address.getPort()));
    }

    /** Over an already connected socket (e.g. TLS). */
    LineClient(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One line without CRLF; null at end of stream. */
    String readLine() throws IOException {
        var buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            if (c != '\r') buf.write(c);
        }
        if (c < 0 && buf.size() == 0) return null;
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** Lines up to and including the first one starting with {@code prefix}. */
    List<String> until(String prefix) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String l = readLine();
            if (l == null) throw new IOException("closed before " + prefix + "; got " + lines);
            lines.add(l);
            if (l.startsWith(prefix)) return lines;
        }
    }

    /** Sends a tagged command and returns its responses, the tagged one last. */
    List<String> command(String tag, String command) throws IOException {
        send(tag + " " + command);
        return until(tag + " ");
    }

    /** RFC 4978: raw DEFLATE both ways from here on (sync-flushed on every write). */
    void compress() {
        in = new InflaterInputStream(in, new Inflater(true));
        out = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true), true);
    }

    @Override public void close() throws IOException {
        socket.close();
    }
}
