package satchel.store.postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A line-at-a-time IMAP client for the node tests; a read waits at most 30 s, so a hang fails the test. */
final class ImapLines implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    ImapLines(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String readLine() throws IOException {
        var buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') if (c != '\r') buf.write(c);
        if (c < 0) throw new IOException("connection closed after: " + buf.toString(StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** Lines up to and including the first that starts with {@code prefix}. */
    List<String> until(String prefix) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String l = readLine();
            lines.add(l);
            if (l.startsWith(prefix)) return lines;
        }
    }

    List<String> command(String tag, String command) throws IOException {
        send(tag + " " + command);
        return until(tag + " ");
    }

    /** APPEND of a small message whose subject and body are {@code text}, with LITERAL+; all response lines. */
    List<String> appendLines(String tag, String text) throws IOException {
        byte[] msg = ("Subject: " + text + "\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
        out.write((tag + " APPEND INBOX {" + msg.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(msg);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return until(tag + " ");
    }

    /** APPEND that must succeed; returns the UID from APPENDUID. */
    long append(String tag, String text) throws IOException {
        String last = appendLines(tag, text).getLast();
        int at = last.indexOf("APPENDUID ");
        if (!last.startsWith(tag + " OK") || at < 0) throw new IOException("APPEND failed: " + last);
        String[] parts = last.substring(at + 10, last.indexOf(']', at)).split(" ");
        return Long.parseLong(parts[1]);
    }

    @Override public void close() throws IOException {
        socket.close();
    }
}
