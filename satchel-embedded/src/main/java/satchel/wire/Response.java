package satchel.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * One server response under construction, written whole by {@link ResponseWriter#send}. Callers say what a
 * value is and this class picks its wire form: {@link #string} is quoted or a literal depending on content,
 * {@link #nstring} maps null to NIL, {@link #mailbox} applies modified UTF-7, {@link #text} strips CR, LF and
 * NUL so echoed input can never forge a line. Not thread-safe; build on one thread.
 */
public final class Response {
    /**
     * Literals from this size on are kept by reference and written straight from the caller's array: the output
     * stream copies them into its buffer anyway, so a copy here would be one more of every body FETCH (issue 11).
     */
    static final int BY_REFERENCE = 2 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    /** What comes before {@link #buf}, in order: bytes, or a mailbox name whose form the session decides. */
    private sealed interface Chunk {
        /** {@code data[off, off+len)}. */
        record Bytes(byte[] data, int off, int len) implements Chunk {}

        /** Encoded when written, by the settings of the session it goes to (RFC 9051 §5.1, RFC 6855 §3). */
        record Mailbox(String name) implements Chunk {}
    }

    private final ByteBuffer buf;
    private final java.util.List<Chunk> chunks = new java.util.ArrayList<>(0);
    private long chunked;
    private int mailboxes;
    private boolean needSpace;

    private Response(String start) {
        this(start, 128);
    }

    private Response(String start, int capacity) {
        buf = new ByteBuffer(capacity);
        raw(start);
    }

    public static Response untagged() { return new Response("*"); }

    /** An untagged response expected to take about {@code bytes} (an ENVELOPE FETCH: no growing copy by copy). */
    public static Response untagged(int bytes) { return new Response("*", bytes); }

    public static Response tagged(String tag) { return new Response(tag); }

    /** About how many bytes a literal of {@code size} adds to a response's own buffer: large ones are referenced. */
    public static int buffered(long size) {
        return size < BY_REFERENCE ? (int) size + 16 : 16;
    }

    public static Response continuation() { return new Response("+"); }

    /** Bytes written verbatim, with no separating space: for syntax such as "BODY[" that the caller spells out. */
    public Response raw(String s) {
        if (isAscii(s)) buf.writeAscii(s);
        else buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        needSpace = !s.isEmpty() && !s.endsWith("(") && !s.endsWith("[") && !s.endsWith(" ");
        return this;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }

    private void space() {
        if (needSpace) buf.write(' ');
    }

    /** An atom or keyword such as OK, EXISTS, FLAGS, a flag name; rejects anything that is not atom-safe. */
    public Response atom(String s) {
        if (!Atoms.isAtomLike(s)) throw new IllegalArgumentException("not an atom: " + s);
        space();
        raw(s);
        return this;
    }

    /**
     * Bytes the caller rendered once and reuses, such as {@code FLAGS (\\Seen)} for every message with those flags,
     * after a space like any item; the caller guarantees they are well-formed.
     */
    public Response rendered(byte[] bytes) {
        space();
        buf.writeBytes(bytes);
        needSpace = true;
        return this;
    }

    public Response number(long n) {
        space();
        buf.writeNumber(n);
        needSpace = true;
        return this;
    }

    /** Opens a parenthesised list. */
    public Response open() {
        space();
        buf.write('(');
        needSpace = false;
        return this;
    }

    public Response close() {
        buf.write(')');
        needSpace = true;
        return this;
    }

    public Response nil() {
        space();
        raw("NIL");
        return this;
    }

    /** A string: quoted when safe, otherwise a literal (CR, LF, NUL, 8-bit, long or heavily escaped). */
    public Response string(String s) {
        return string(s.getBytes(StandardCharsets.UTF_8));
    }

    public Response string(byte[] s) {
        space();
        writeString(s, 0, s.length, buf);
        needSpace = true;
        return this;
    }

    /** Where {@link #writeString} writes: a response's buffer, or a caller's that renders lines itself. */
    public interface Sink {
        void write(int b);

        void write(byte[] b, int off, int len);
    }

    /**
     * The IMAP string of {@code s[off, off+len)} as {@link #string} writes it: quoted when safe, otherwise a literal;
     * for callers that render response lines themselves (FETCH from stored structures) and must match it byte for byte.
     */
    public static void writeString(byte[] s, int off, int len, Sink out) {
        if (Atoms.quotable(s, off, len)) {
            out.write('"');
            int from = off;
            // Runs without '"' or '\\' go in one copy (an ENVELOPE FETCH writes some twenty strings a message).
            for (int i = off; i < off + len; i++) {
                if (s[i] == '"' || s[i] == '\\') {
                    out.write(s, from, i - from);
                    out.write('\\');
                    from = i;
                }
            }
            out.write(s, from, off + len - from);
            out.write('"');
        } else {
            byte[] head = ("{" + len + "}\r\n").getBytes(StandardCharsets.US_ASCII);
            out.write(head, 0, head.length);
            out.write(s, off, len);
        }
    }

    public Response nstring(String s) { return s == null ? nil() : string(s); }

    /** An astring: atom when it is one, else string (e.g. for ID values and LIST names that need no encoding). */
    public Response astring(String s) {
        return Atoms.isAtom(s) && !s.equalsIgnoreCase("NIL") ? atom(s) : string(s);
    }

    /**
     * A mailbox name, INBOX as an atom: modified UTF-7 (RFC 3501 §5.1.3), or UTF-8 once the session has enabled
     * IMAP4rev2 or UTF8=ACCEPT. The form is chosen when the response is written, by the writer's settings.
     */
    public Response mailbox(String name) {
        space();
        flushToChunks();
        chunks.add(new Chunk.Mailbox(name));
        mailboxes++;
        needSpace = true;
        return this;
    }

    /** The wire form of a mailbox name under {@code settings}. */
    static byte[] mailboxBytes(String name, Settings settings) {
        if (!settings.utf8()) return astringBytes(ModifiedUtf7.encode(name), false);
        return astringBytes(name, true);
    }

    /** atom, quoted string (with UTF-8 only when {@code utf8}), or literal. */
    private static byte[] astringBytes(String s, boolean utf8) {
        if (Atoms.isAtom(s) && !s.equalsIgnoreCase("NIL")) return s.getBytes(StandardCharsets.US_ASCII);
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 8);
        if (utf8 ? Atoms.quotableUtf8(b) : Atoms.quotable(b)) {
            out.write('"');
            for (byte x : b) {
                if (x == '"' || x == '\\') out.write('\\');
                out.write(x);
            }
            out.write('"');
        } else {
            out.writeBytes(("{" + b.length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private void flushToChunks() {
        if (buf.size() == 0) return;
        byte[] before = buf.toByteArray();
        chunks.add(new Chunk.Bytes(before, 0, before.length));
        chunked += before.length;
        buf.reset();
    }

    /** A literal {n} followed by exactly these bytes. */
    public Response literal(byte[] data) {
        space();
        writeLiteral(data);
        needSpace = true;
        return this;
    }

    /**
     * A literal of {@code data[offset, offset+length)}. A large one is not copied: the array must not change
     * until the response has been written (a message body read from the store for this response).
     */
    public Response literal(byte[] data, int offset, int length) {
        space();
        buf.writeBytes(("{" + length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        payload(data, offset, length);
        needSpace = true;
        return this;
    }

    /** A literal8 {@code ~{n}} (RFC 3516 / RFC 9051 BINARY): exactly these bytes, which may include NUL. */
    public Response literal8(byte[] data, int offset, int length) {
        space();
        buf.writeBytes(("~{" + length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        payload(data, offset, length);
        needSpace = true;
        return this;
    }

    private void payload(byte[] data, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        if (length < BY_REFERENCE) {
            buf.write(data, offset, length);
            return;
        }
        flushToChunks();
        chunks.add(new Chunk.Bytes(data, offset, length));
        chunked += length;
    }

    private void writeLiteral(byte[] data) {
        buf.writeBytes(("{" + data.length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        buf.writeBytes(data);
    }

    /** A parenthesised list of atoms, e.g. flags. */
    public Response atoms(Collection<String> items) {
        open();
        for (String s : items) atom(s);
        return close();
    }

    /** A response code in brackets: {@code [UIDNEXT 5]}; {@code code} is spelled by the caller from atoms and numbers. */
    public Response code(String code) {
        space();
        buf.write('[');
        buf.writeBytes(Atoms.sanitizeText(code).getBytes(StandardCharsets.UTF_8));
        buf.write(']');
        needSpace = true;
        return this;
    }

    /** Free human-readable text; CR, LF and NUL are replaced. */
    public Response text(String s) {
        space();
        buf.writeBytes(Atoms.sanitizeText(s).getBytes(StandardCharsets.UTF_8));
        needSpace = true;
        return this;
    }

    /** Bytes on the wire under {@code settings}, CRLF included. */
    long length(Settings settings) {
        long n = chunked + buf.size() + 2;
        if (mailboxes == 0) return n;
        for (Chunk c : chunks) if (c instanceof Chunk.Mailbox(String name)) n += mailboxBytes(name, settings).length;
        return n;
    }

    /** Writes the whole response and its CRLF, large literals straight from the caller's arrays. */
    void writeTo(java.io.OutputStream out, Settings settings) throws java.io.IOException {
        for (Chunk c : chunks) {
            switch (c) {
                case Chunk.Bytes(byte[] data, int off, int len) -> out.write(data, off, len);
                case Chunk.Mailbox(String name) -> out.write(mailboxBytes(name, settings));
            }
        }
        buf.writeTo(out);
        out.write(CRLF);
    }

    /** The bytes as a session with {@code settings} would get them. */
    byte[] toBytes(Settings settings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, length(settings)));
        try {
            writeTo(out, settings);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // not from a ByteArrayOutputStream
        }
        return out.toByteArray();
    }

    byte[] toBytes() {
        return toBytes(Settings.IMAP4REV1);
    }

    /** The response as an IMAP4rev1 session would get it, without CRLF (for logs and tests). */
    @Override public String toString() {
        byte[] b = toBytes();
        return new String(b, 0, b.length - 2, StandardCharsets.UTF_8);
    }
}
