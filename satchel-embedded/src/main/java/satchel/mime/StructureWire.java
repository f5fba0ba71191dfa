package satchel.mime;

/**
 * Walks a stored structure ({@link MessageStructure#toBytes}, every version: each begins with the envelope and
 * the root part in the same layout) and emits its RFC 3501 §7.4.2 / RFC 9051 §7.5.2 ENVELOPE or BODY /
 * BODYSTRUCTURE value, item by item, without decoding a string or building a record: the stored strings are the
 * UTF-8 the writer would encode again, so the caller copies them as they are. What it emits is item for item what
 * the session's record writer emits for {@link MessageStructure#fromBytes} of the same bytes (a test compares them).
 * Corrupt bytes throw IllegalArgumentException, possibly after some items went to the sink.
 */
public final class StructureWire {
    /** Where the items go; the sink decides the spacing and the quoting of strings. */
    public interface Sink {
        /** "(" after a space when an item came before. */
        void open();

        /** "(" with no space: a part inside a multipart, an address inside a list (RFC 3501 body-type-mpart). */
        void openTight();

        void close();

        void nil();

        /** A string of {@code len} UTF-8 bytes at {@code b[off]}, quoted or a literal. */
        void string(byte[] b, int off, int len);

        void number(long n);
    }

    private static final int MAX_LIST = 1 << 20;
    private static final int MAX_DEPTH = 200;

    private final byte[] b;
    private final Sink out;
    private int pos;

    private StructureWire(byte[] stored, Sink out) {
        this.b = stored;
        this.out = out;
        int v = u8();
        if (v < 1 || v > 3) throw corrupt("unknown structure version " + v);
    }

    /** The ENVELOPE value. */
    public static void envelope(byte[] stored, Sink out) {
        new StructureWire(stored, out).envelope();
    }

    /** The BODYSTRUCTURE value ({@code extensible}), else BODY's, of the root part. */
    public static void body(byte[] stored, boolean extensible, Sink out) {
        StructureWire w = new StructureWire(stored, out);
        w.skipEnvelope();
        w.part(extensible, false, 0);
    }

    private void envelope() {
        out.open();
        nstring();
        nstring();
        for (int k = 0; k < 6; k++) {
            int n = count();
            if (n == 0) {
                out.nil();
                continue;
            }
            out.open();
            for (int i = 0; i < n; i++) {
                out.openTight();
                nstring();
                nstring();
                nstring();
                nstring();
                out.close();
            }
            out.close();
        }
        nstring();
        nstring();
        out.close();
    }

    private void skipEnvelope() {
        skipStr();
        skipStr();
        for (int k = 0; k < 6; k++) {
            int n = count();
            for (int i = 0; i < n * 4; i++) skipStr();
        }
        skipStr();
        skipStr();
    }

    /**
     * One part, read in stored order (type, subtype, params, id, description, encoding, md5, disposition,
     * language, location, offsets, body) and written in wire order by jumping back to the fields' positions.
     */
    private void part(boolean ext, boolean tight, int depth) {
        if (depth > MAX_DEPTH) throw corrupt("parts nested too deep");
        if (tight) out.openTight();
        else out.open();
        int type = pos;
        skipStr();
        int subtype = pos;
        skipStr();
        int params = pos;
        skipParams();
        int id = pos;
        skipStr();
        int desc = pos;
        skipStr();
        int enc = pos;
        skipStr();
        int md5 = pos;
        skipStr();
        int extension = pos; // disposition, language, location
        if (u8() != 0) {
            skipStr();
            skipParams();
        }
        int nl = count();
        for (int i = 0; i < nl; i++) skipStr();
        skipStr();
        i32(); // header offset, length; body offset
        i32();
        i32();
        int bodyLength = i32();
        switch (u8()) {
            case 'S' -> {
                long lines = i64();
                int end = pos;
                basic(type, subtype, params, id, desc, enc, bodyLength);
                if (isText(type)) out.number(lines);
                if (ext) {
                    at(md5).nstring();
                    at(extension).extension();
                }
                pos = end;
            }
            case 'M' -> {
                int n = count();
                for (int i = 0; i < n; i++) part(ext, true, depth + 1);
                int end = pos;
                at(subtype).string();
                if (ext) {
                    at(params).params();
                    at(extension).extension();
                }
                pos = end;
            }
            case 'R' -> {
                int nested = pos;
                basic(type, subtype, params, id, desc, enc, bodyLength);
                at(nested).envelope();
                part(ext, false, depth + 1);
                out.number(i64());
                int end = pos;
                if (ext) {
                    at(md5).nstring();
                    at(extension).extension();
                }
                pos = end;
            }
            default -> throw corrupt("bad part kind");
        }
        out.close();
    }

    private void basic(int type, int subtype, int params, int id, int desc, int enc, int bodyLength) {
        at(type).string();
        string();
        params();
        at(id).nstring();
        nstring();
        string();
        out.number(bodyLength);
    }

    /** body-ext-1part / body-ext-mpart after MD5 or params: disposition, language, location. */
    private void extension() {
        if (u8() == 0) out.nil();
        else {
            out.open();
            string();
            params();
            out.close();
        }
        int n = count();
        if (n == 0) out.nil();
        else if (n == 1) string();
        else {
            out.open();
            for (int i = 0; i < n; i++) string();
            out.close();
        }
        nstring();
    }

    private void params() {
        int n = count();
        if (n == 0) {
            out.nil();
            return;
        }
        out.open();
        for (int i = 0; i < n * 2; i++) string();
        out.close();
    }

    private void skipParams() {
        int n = count();
        for (int i = 0; i < n * 2; i++) skipStr();
    }

    /** Whether the string at {@code at} is "text" in any case ({@link Part#isText}). */
    private boolean isText(int at) {
        int save = pos;
        pos = at;
        int n = i32();
        boolean text = n == 4 && (b[pos] | 0x20) == 't' && (b[pos + 1] | 0x20) == 'e' && (b[pos + 2] | 0x20) == 'x'
                && (b[pos + 3] | 0x20) == 't';
        pos = save;
        return text;
    }

    private StructureWire at(int p) {
        pos = p;
        return this;
    }

    private void string() {
        int n = i32();
        if (n == -1) throw corrupt("missing string");
        emit(n);
    }

    private void nstring() {
        int n = i32();
        if (n == -1) out.nil();
        else emit(n);
    }

    private void emit(int n) {
        if (n < 0 || n > b.length - pos) throw corrupt("bad string length " + n);
        out.string(b, pos, n);
        pos += n;
    }

    private void skipStr() {
        int n = i32();
        if (n == -1) return;
        if (n < 0 || n > b.length - pos) throw corrupt("bad string length " + n);
        pos += n;
    }

    private int count() {
        int n = i32();
        if (n < 0 || n > MAX_LIST) throw corrupt("bad count " + n);
        return n;
    }

    private int u8() {
        need(1);
        return b[pos++] & 0xff;
    }

    private int i32() {
        need(4);
        int v = (b[pos] & 0xff) << 24 | (b[pos + 1] & 0xff) << 16 | (b[pos + 2] & 0xff) << 8 | b[pos + 3] & 0xff;
        pos += 4;
        return v;
    }

    private long i64() {
        long hi = i32() & 0xffffffffL;
        return hi << 32 | (i32() & 0xffffffffL);
    }

    private void need(int n) {
        if (pos > b.length - n) throw corrupt("truncated");
    }

    private static IllegalArgumentException corrupt(String why) {
        return new IllegalArgumentException("corrupt message structure: " + why);
    }
}
