package satchel.bench;

import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A tiny blocking IMAP client for benchmarks and black-box tests: send a command, read responses until its
 * tagged completion. Literals in responses are read as bytes and kept apart from the line text, where they
 * are replaced by {@code {n}} placeholders. Bytes on the wire are counted below any compression layer.
 * Not thread-safe: one client per thread.
 */
public final class ImapClient implements Closeable {
    /** One response: the text with literal placeholders, and the literals in order. */
    public record Line(String text, List<byte[]> literals) {
        public boolean isUntagged() { return text.startsWith("* "); }
        public byte[] literal(int i) { return literals.get(i); }
    }

    /** The tagged completion and every response before it (empty when a handler consumed them). */
    public record Result(String status, String text, List<Line> untagged) {
        public boolean ok() { return status.equals("OK"); }
        /** The argument of a response code such as APPENDUID, or null. */
        public String code(String name) {
            Matcher m = Pattern.compile("\\[" + name + " ([^\\]]*)\\]", Pattern.CASE_INSENSITIVE).matcher(text);
            return m.find() ? m.group(1) : null;
        }
        public Result requireOk() {
            if (!ok()) throw new ImapException(status + " " + text);
            return this;
        }
    }

    public static final class ImapException extends RuntimeException {
        public ImapException(String message) { super(message); }
    }

    private static final Pattern LITERAL_END = Pattern.compile("\\{(\\d+)\\+?\\}$");

    private final Socket socket;
    private final CountingInputStream rawIn;
    private final CountingOutputStream rawOut;
    private InputStream in;
    private OutputStream out;
    private int nextTag = 1;
    private Set<String> capabilities = Set.of();

    private ImapClient(Socket socket) throws IOException {
        this.socket = socket;
        this.rawIn = new CountingInputStream(socket.getInputStream());
        this.rawOut = new CountingOutputStream(socket.getOutputStream());
        this.in = rawIn;
        this.out = new BufferedOutputStream(rawOut, 64 * 1024);
    }

    /** Connects, reads the greeting and asks for capabilities. */
    public static ImapClient connect(String host, int port, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            ImapClient c = new ImapClient(s);
            Line greeting = c.readLine();
            if (!greeting.text().startsWith("* OK") && !greeting.text().startsWith("* PREAUTH")) {
                throw new ImapException("greeting: " + greeting.text());
            }
            return c;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public static ImapClient login(String host, int port, String user, String pass) throws IOException {
        ImapClient c = connect(host, port, 60_000);
        try {
            c.command("LOGIN " + quote(user) + " " + quote(pass)).requireOk();
            c.refreshCapabilities();
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public void refreshCapabilities() throws IOException {
        Set<String> caps = new TreeSet<>();
        for (Line l : command("CAPABILITY").requireOk().untagged()) {
            if (l.text().toUpperCase(Locale.ROOT).startsWith("* CAPABILITY ")) {
                for (String c : l.text().substring(13).split(" ")) caps.add(c.toUpperCase(Locale.ROOT));
            }
        }
        capabilities = caps;
    }

    public boolean has(String capability) { return capabilities.contains(capability.toUpperCase(Locale.ROOT)); }

    public void setTimeout(int millis) throws IOException { socket.setSoTimeout(millis); }

    public long bytesRead() { return rawIn.count; }
    public long bytesWritten() { return rawOut.count; }

    public Result command(String cmd) throws IOException {
        List<Line> lines = new ArrayList<>();
        return command(cmd, lines::add, lines);
    }

    /** Runs a command streaming untagged responses to the handler (for huge FETCH results). */
    public Result command(String cmd, Consumer<Line> handler) throws IOException {
        return command(cmd, handler, List.of());
    }

    private Result command(String cmd, Consumer<Line> handler, List<Line> collected) throws IOException {
        String tag = tag();
        writeAscii(tag + " " + cmd + "\r\n");
        out.flush();
        return readUntilTagged(tag, handler, collected);
    }

    /**
     * Runs a command and only skips over its untagged responses, literals included (so a line inside a literal is
     * never taken for the completion), without decoding them: the bulk FETCH figures. Decoding each of 100,000
     * response lines into a String made the client, not the server, the larger part of what they measured.
     */
    public Result commandSkipping(String cmd) throws IOException {
        String tag = tag();
        writeAscii(tag + " " + cmd + "\r\n");
        out.flush();
        byte[] prefix = (tag + " ").getBytes(StandardCharsets.US_ASCII);
        while (!lineStartsWith(prefix)) skipResponseLine();
        return tagged(tag, readLine(), List.of());
    }

    /** Whether the next bytes are {@code p}; false when the stream ends first (the caller's read then fails). */
    private boolean lineStartsWith(byte[] p) throws IOException {
        if (lim - pos < p.length) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
            while (lim < p.length) {
                int r = in.read(buf, lim, buf.length - lim);
                if (r <= 0) return false;
                lim += r;
            }
        }
        return Arrays.equals(buf, pos, pos + p.length, p, 0, p.length);
    }

    /** Skips one response: up to a line end, past the literal that line announces if any, and so on. */
    private void skipResponseLine() throws IOException {
        int lineStart = pos; // how far back the look for "{n}" at the line end may go
        while (true) {
            int p = pos;
            while (p < lim && buf[p] != '\n') p++;
            if (p < lim) {
                long literal = literalBefore(lineStart, p);
                pos = p + 1;
                if (literal < 0) return;
                skipBytes(literal);
                lineStart = pos;
                continue;
            }
            // Keep the line's last bytes, enough for the look-back of a "{n}\r" split across reads.
            int keep = Math.min(24, p - lineStart);
            System.arraycopy(buf, p - keep, buf, 0, keep);
            lineStart = 0;
            pos = keep;
            lim = keep;
            int r = in.read(buf, lim, buf.length - lim);
            if (r <= 0) throw new EOFException("connection closed");
            lim += r;
        }
    }

    /** The n of a line ending "{n}\r" before the LF at {@code lf}, or -1. */
    private long literalBefore(int lineStart, int lf) {
        int e = lf - 1;
        if (e - 2 < lineStart || buf[e] != '\r' || buf[e - 1] != '}') return -1;
        int d = e - 2;
        while (d >= lineStart && buf[d] >= '0' && buf[d] <= '9') d--;
        if (d < lineStart || d == e - 2 || buf[d] != '{') return -1;
        return Long.parseLong(new String(buf, d + 1, e - 2 - d, StandardCharsets.US_ASCII));
    }

    private void skipBytes(long n) throws IOException {
        while (n > 0) {
            if (pos == lim && !fill()) throw new EOFException("in literal");
            int k = (int) Math.min(n, lim - pos);
            pos += k;
            n -= k;
        }
    }

    /** APPEND of one message; uses a non-synchronizing literal when LITERAL+ or LITERAL- allows it. */
    public Result append(String mailbox, String flags, byte[] message) throws IOException {
        String tag = tag();
        boolean plus = has("LITERAL+") || (has("LITERAL-") && message.length <= 4096);
        String head = tag + " APPEND " + quote(mailbox) + (flags == null ? "" : " (" + flags + ")");
        List<Line> lines = new ArrayList<>();
        writeAscii(head + " {" + message.length + (plus ? "+" : "") + "}\r\n");
        if (!plus) {
            out.flush();
            Line cont = readLine();
            if (!cont.text().startsWith("+")) return tagged(tag, cont, lines);
        }
        out.write(message);
        writeAscii("\r\n");
        out.flush();
        return readUntilTagged(tag, lines::add, lines);
    }

    /** Sends raw bytes and a command tag without waiting; for pipelining. Returns the tag. */
    public String send(String cmdWithoutTag) throws IOException {
        String tag = tag();
        writeAscii(tag + " " + cmdWithoutTag);
        return tag;
    }

    public void write(byte[] bytes) throws IOException { out.write(bytes); }
    public void writeAscii(String s) throws IOException { out.write(s.getBytes(StandardCharsets.UTF_8)); }
    public void flush() throws IOException { out.flush(); }

    public Result readUntilTagged(String tag, Consumer<Line> handler) throws IOException {
        return readUntilTagged(tag, handler, List.of());
    }

    private Result readUntilTagged(String tag, Consumer<Line> handler, List<Line> collected) throws IOException {
        while (true) {
            Line l = readLine();
            if (l.text().startsWith(tag + " ")) return tagged(tag, l, collected);
            handler.accept(l);
        }
    }

    private static Result tagged(String tag, Line l, List<Line> collected) {
        String rest = l.text().substring(Math.min(l.text().length(), tag.length() + 1));
        int sp = rest.indexOf(' ');
        String status = (sp < 0 ? rest : rest.substring(0, sp)).toUpperCase(Locale.ROOT);
        return new Result(status, sp < 0 ? "" : rest.substring(sp + 1), collected);
    }

    /** Reads one response including all its literals. */
    public Line readLine() throws IOException {
        StringBuilder text = new StringBuilder();
        List<byte[]> literals = new ArrayList<>(0);
        while (true) {
            String part = readCrlfLine();
            text.append(part);
            Matcher m = LITERAL_END.matcher(part);
            if (!part.endsWith("}") || !m.find()) return new Line(text.toString(), literals);
            literals.add(readBytes(Integer.parseInt(m.group(1))));
        }
    }

    // Our own buffer: BufferedInputStream locks per read() and we scan byte by byte.
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    // The line so far when it spans reads; a plain array: ByteArrayOutputStream locks on every write.
    private byte[] lineBuf = new byte[256];

    private boolean fill() throws IOException {
        pos = 0;
        lim = Math.max(0, in.read(buf, 0, buf.length));
        return lim > 0;
    }

    /**
     * One line without its CRLF, decoded once: a 100,000-line FETCH response is read here, and the client must
     * not be what a benchmark of the server measures.
     */
    private String readCrlfLine() throws IOException {
        int held = 0;
        while (true) {
            if (pos == lim && !fill()) throw new EOFException("connection closed");
            int start = pos;
            while (pos < lim && buf[pos] != '\n') pos++;
            if (pos < lim) {
                int end = pos++;
                if (held == 0) {
                    if (end > start && buf[end - 1] == '\r') end--;
                    return new String(buf, start, end - start, StandardCharsets.UTF_8);
                }
                held = append(held, start, end);
                if (held > 0 && lineBuf[held - 1] == '\r') held--;
                return new String(lineBuf, 0, held, StandardCharsets.UTF_8);
            }
            held = append(held, start, pos);
        }
    }

    private int append(int held, int from, int to) {
        int n = to - from;
        if (held + n > lineBuf.length) lineBuf = Arrays.copyOf(lineBuf, Math.max(lineBuf.length * 2, held + n));
        System.arraycopy(buf, from, lineBuf, held, n);
        return held + n;
    }

    private byte[] readBytes(int n) throws IOException {
        byte[] r = new byte[n];
        int off = 0;
        while (off < n) {
            if (pos == lim && !fill()) throw new EOFException("in literal");
            int k = Math.min(n - off, lim - pos);
            System.arraycopy(buf, pos, r, off, k);
            pos += k;
            off += k;
        }
        return r;
    }

    /** RFC 4978: after OK, both directions are raw DEFLATE; we flush with SYNC_FLUSH after every write. */
    public boolean compress() throws IOException {
        if (!has("COMPRESS=DEFLATE")) return false;
        if (!command("COMPRESS DEFLATE").ok()) return false;
        // Bytes after the tagged OK that we already buffered are the start of the compressed stream.
        InputStream rest = new ByteArrayInputStream(Arrays.copyOfRange(buf, pos, lim));
        pos = lim = 0;
        in = new InflaterInputStream(new SequenceInputStream(rest, rawIn), new Inflater(true), 64 * 1024);
        out = new BufferedOutputStream(new DeflaterOutputStream(rawOut, new Deflater(Deflater.DEFAULT_COMPRESSION, true), 64 * 1024, true), 64 * 1024);
        return true;
    }

    public void logout() {
        try {
            setTimeout(5_000);
            command("LOGOUT");
        } catch (IOException | RuntimeException ignored) {
            // the server may close first; nothing left to do
        }
    }

    @Override public void close() throws IOException { socket.close(); }

    private String tag() { return "a" + nextTag++; }

    /** An IMAP quoted string, or a literal-free atom-safe form for simple names. */
    public static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static final class CountingInputStream extends InputStream {
        private final InputStream in;
        long count;
        CountingInputStream(InputStream in) { this.in = in; }
        @Override public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count++;
            return b;
        }
        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
        @Override public int available() throws IOException { return in.available(); }
    }

    private static final class CountingOutputStream extends OutputStream {
        private final OutputStream out;
        long count;
        CountingOutputStream(OutputStream out) { this.out = out; }
        @Override public void write(int b) throws IOException { out.write(b); count++; }
        @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); count += len; }
        @Override public void flush() throws IOException { out.flush(); }
    }
}
