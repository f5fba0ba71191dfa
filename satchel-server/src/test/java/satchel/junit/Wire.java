package satchel.junit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A line-at-a-time client for the few raw exchanges these tests need (IDLE, SMTP replies, a large APPEND). */
final class Wire implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    Wire(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        this.out = socket.getOutputStream();
    }

    String line() throws IOException {
        String l = in.readLine();
        if (l == null) throw new IOException("connection closed");
        return l;
    }

    /** Reads lines until one starts with {@code prefix}; returns it. */
    String until(String prefix) throws IOException {
        while (true) {
            String l = line();
            if (l.startsWith(prefix)) return l;
        }
    }

    void send(String line) throws IOException {
        write(line + "\r\n");
    }

    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override public void close() throws IOException {
        socket.close();
    }
}
