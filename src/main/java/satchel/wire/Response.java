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
    /** Literals from this size on are kept by reference and written straight from the caller's array. */
    static final int BY_REFERENCE = 16 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    /** {@code data[off, off+len)}: bytes of the response before {@link #buf}, in order. */
    private record Chunk(byte[] data, int off, int len) {}

    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
    private final java.util.List<Chunk> chunks = new java.util.ArrayList<>(0);
    private long chunked;
    private boolean needSpace;

    private Response(String start) {
        raw(start);
    }

    public static Response untagged() { return new Response("*"); }

    public static Response tagged(String tag) { return new Response(tag); }

    public static Response continuation() { return new Response("+"); }

    /** Bytes written verbatim, with no separating space: for syntax such as "BODY[" that the caller spells out. */
    public Response raw(String s) {
        buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        needSpace = !s.isEmpty() && !s.endsWith("(") && !s.endsWith("[") && !s.endsWith(" ");
        return this;
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

    public Response number(long n) {
        space();
        raw(Long.toString(n));
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
        if (Atoms.quotable(s)) {
            buf.write('"');
            for (byte b : s) {
                if (b == '"' || b == '\\') buf.write('\\');
                buf.write(b);
            }
            buf.write('"');
        } else {
            writeLiteral(s);
        }
        needSpace = true;
        return this;
    }

    public Response nstring(String s) { return s == null ? nil() : string(s); }

    /** An astring: atom when it is one, else string (e.g. for ID values and LIST names that need no encoding). */
    public Response astring(String s) {
        return Atoms.isAtom(s) && !s.equalsIgnoreCase("NIL") ? atom(s) : string(s);
    }

    /** A mailbox name: modified UTF-7 (RFC 3501 §5.1.3), INBOX as an atom. */
    public Response mailbox(String name) {
        return astring(ModifiedUtf7.encode(name));
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
        if (buf.size() > 0) {
            byte[] before = buf.toByteArray();
            chunks.add(new Chunk(before, 0, before.length));
            chunked += before.length;
            buf.reset();
        }
        chunks.add(new Chunk(data, offset, length));
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

    /** Bytes on the wire, CRLF included. */
    long length() {
        return chunked + buf.size() + 2;
    }

    /** Writes the whole response and its CRLF, large literals straight from the caller's arrays. */
    void writeTo(java.io.OutputStream out) throws java.io.IOException {
        for (Chunk c : chunks) out.write(c.data(), c.off(), c.len());
        buf.writeTo(out);
        out.write(CRLF);
    }

    byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, length()));
        try {
            writeTo(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // not from a ByteArrayOutputStream
        }
        return out.toByteArray();
    }

    @Override public String toString() {
        StringBuilder b = new StringBuilder();
        for (Chunk c : chunks) b.append(new String(c.data(), c.off(), c.len(), StandardCharsets.UTF_8));
        return b.append(buf.toString(StandardCharsets.UTF_8)).toString();
    }
}
