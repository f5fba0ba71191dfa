package satchel.mime;

import java.util.Arrays;
import satchel.wire.Response;

/**
 * The ENVELOPE and BODYSTRUCTURE values of a message (RFC 3501 §7.4.2, RFC 9051 §7.5.2) rendered once, when it is
 * stored, so a FETCH of a whole mailbox copies them into its output instead of walking and quoting every string
 * of every message again. They are what {@link StructureWire} emits with strings quoted or made literals by {@link
 * Response#writeString} (the session's writer), byte for byte; no session setting changes them (8-bit strings are
 * literals whether or not UTF8=ACCEPT is on). BODY (without extension data) is not kept: clients seldom ask it.
 * <p>Form: one byte {@link #FORM}, the envelope's length (4 bytes, big-endian), the envelope, the body structure.
 * The first byte tells it from a stored structure, whose versions are 1 to 3.
 */
public final class RenderedStructure implements StructureWire.Sink {
    /** The leading byte of this form. */
    public static final byte FORM = (byte) 0x81;
    private static final int HEAD = 5;

    private byte[] buf = new byte[1024];
    private int len = HEAD;
    private boolean needSpace;
    private final Response.Sink sink = new Response.Sink() {
        @Override public void write(int b) { put((byte) b); }

        @Override public void write(byte[] b, int off, int n) { bytes(b, off, n); }
    };

    private RenderedStructure() {}

    /** The rendered form of a stored structure ({@link MessageStructure#toBytes}, any version). */
    public static byte[] of(byte[] stored) {
        RenderedStructure r = new RenderedStructure();
        StructureWire.envelope(stored, r);
        int envelope = r.len - HEAD;
        r.needSpace = false;
        StructureWire.body(stored, true, r);
        r.buf[0] = FORM;
        r.buf[1] = (byte) (envelope >>> 24);
        r.buf[2] = (byte) (envelope >>> 16);
        r.buf[3] = (byte) (envelope >>> 8);
        r.buf[4] = (byte) envelope;
        return Arrays.copyOf(r.buf, r.len);
    }

    /** Whether {@code b} is in this form (else it is a stored structure). */
    public static boolean is(byte[] b) {
        return b.length >= HEAD && b[0] == FORM;
    }

    /** Where the ENVELOPE value starts in a rendered form. */
    public static int envelopeOffset() {
        return HEAD;
    }

    public static int envelopeLength(byte[] form) {
        int n = (form[1] & 0xff) << 24 | (form[2] & 0xff) << 16 | (form[3] & 0xff) << 8 | form[4] & 0xff;
        if (n < 0 || n > form.length - HEAD) throw new IllegalArgumentException("corrupt rendered structure");
        return n;
    }

    /** Where the BODYSTRUCTURE value starts; it runs to the end. */
    public static int bodyStructureOffset(byte[] form) {
        return HEAD + envelopeLength(form);
    }

    private void space() {
        if (needSpace) put((byte) ' ');
    }

    @Override public void open() {
        space();
        put((byte) '(');
        needSpace = false;
    }

    @Override public void openTight() {
        put((byte) '(');
        needSpace = false;
    }

    @Override public void close() {
        put((byte) ')');
        needSpace = true;
    }

    @Override public void nil() {
        space();
        bytes(NIL, 0, 3);
        needSpace = true;
    }

    @Override public void string(byte[] b, int off, int n) {
        space();
        Response.writeString(b, off, n, sink);
        needSpace = true;
    }

    @Override public void number(long n) {
        space();
        byte[] d = Long.toString(n).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        bytes(d, 0, d.length);
        needSpace = true;
    }

    private static final byte[] NIL = {'N', 'I', 'L'};

    private void put(byte b) {
        if (len == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        buf[len++] = b;
    }

    private void bytes(byte[] b, int off, int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }
}
