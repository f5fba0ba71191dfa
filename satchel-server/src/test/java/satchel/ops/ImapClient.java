package satchel.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A minimal line-based IMAP client for the operations tests. */
final class ImapClient implements AutoCloseable {
    final Socket socket;
    final String greeting;
    private final InputStream in;
    private final OutputStream out;
    private int tags;

    ImapClient(InetSocketAddress a) throws IOException {
        this(new Socket(a.getAddress(), a.getPort()));
    }

    ImapClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.greeting = readLine();
    }

    /** Sends {@code command} with a fresh tag; returns every line up to and including the tagged one. */
    List<String> command(String command) throws IOException {
        String tag = "a" + ++tags;
        send(tag + " " + command + "\r\n");
        return until(tag);
    }

    String last(String command) throws IOException {
        return command(command).getLast();
    }

    /** Lines until the one tagged {@code tag}; ends early (with what came) if the server closes. */
    List<String> until(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l = readLine(); l != null; l = readLine()) {
            lines.add(l);
            if (l.startsWith(tag + " ")) break;
        }
        return lines;
    }

    String nextTag() {
        return "a" + ++tags;
    }

    void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One line without CRLF, or null at end of stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
        }
        if (c < 0 && b.size() == 0) return null;
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override public void close() throws IOException {
        socket.close();
    }
}
