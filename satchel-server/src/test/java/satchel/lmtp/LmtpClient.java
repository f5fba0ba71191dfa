package satchel.lmtp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A bare LMTP client for tests: raw lines out, raw lines in (without CRLF), null at end of stream. */
final class LmtpClient implements AutoCloseable {
    private final AutoCloseable connection;
    private final InputStream in;
    private final OutputStream out;

    private LmtpClient(AutoCloseable connection, InputStream in, OutputStream out) {
        this.connection = connection;
        this.in = new BufferedInputStream(in);
        this.out = out;
    }

    static LmtpClient connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, 5000);
        s.setSoTimeout(20_000);
        return new LmtpClient(s, s.getInputStream(), s.getOutputStream());
    }

    static LmtpClient connect(Path socket) throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(socket));
        return new LmtpClient(c, Channels.newInputStream(c), Channels.newOutputStream(c));
    }

    /** Sends {@code line} and CRLF. */
    LmtpClient send(String line) throws IOException {
        return raw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    LmtpClient raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') b.write(c);
        if (c < 0 && b.size() == 0) return null;
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** One whole reply: its lines up to the one with a space after the code. */
    List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        String l;
        do {
            l = line();
            if (l == null) throw new IOException("connection closed; got " + lines);
            lines.add(l);
        } while (l.length() > 3 && l.charAt(3) == '-');
        return lines;
    }

    /** LHLO, and the reply read. */
    LmtpClient hello() throws IOException {
        line(); // greeting
        send("LHLO test.example");
        reply();
        return this;
    }

    /** One transaction with DATA; returns the replies after the final dot, one per accepted recipient. */
    List<String> deliver(String from, List<String> to, String message) throws IOException {
        send("MAIL FROM:<" + from + ">");
        String mail = line();
        if (!mail.startsWith("250")) throw new IOException("MAIL: " + mail);
        int accepted = 0;
        for (String r : to) {
            send("RCPT TO:<" + r + ">");
            if (line().startsWith("250")) accepted++;
        }
        send("DATA");
        String go = line();
        if (!go.startsWith("354")) throw new IOException("DATA: " + go);
        StringBuilder b = new StringBuilder();
        String text = message.endsWith("\r\n") ? message.substring(0, message.length() - 2) : message;
        for (String l : text.split("\r\n", -1)) b.append(l.startsWith(".") ? "." : "").append(l).append("\r\n");
        raw((b + ".\r\n").getBytes(StandardCharsets.UTF_8));
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < accepted; i++) replies.add(line());
        return replies;
    }

    @Override public void close() throws Exception {
        connection.close();
    }
}
