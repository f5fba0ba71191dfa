package satchel.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import satchel.protocol.FetchItem;

/**
 * FETCH of items the view's columns hold (UID, FLAGS, RFC822.SIZE, INTERNALDATE, MODSEQ), rendered straight into
 * one reusable buffer: digits written in place, each message's flags copied from their rendering cached per flag
 * combination, no object per message. {@code FETCH 1:* (UID FLAGS)} on a million messages is a loop over arrays.
 * The output is byte for byte what {@link FetchRenderer} writes for the same items.
 */
final class MetadataFetch {
    private static final int FLUSH_AT = 60 * 1024;
    private static final byte[][] MONTHS = Arrays.stream(
            new String[] {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"})
            .map(m -> m.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    private byte[] buf = new byte[64 * 1024];
    private int len;
    /** What {@link #string} writes through, into {@link #buf}. */
    private final satchel.wire.Response.Sink sink = new satchel.wire.Response.Sink() {
        @Override public void write(int b) { put((byte) b); }

        @Override public void write(byte[] b, int off, int n) { bytes(b, off, n); }
    };

    /** An empty line buffer (also {@link StructureFetch}'s, which writes the structure items between the columns). */
    MetadataFetch() {}

    /** Whether every item can be answered from the columns alone. */
    static boolean covers(List<FetchItem> items) {
        for (FetchItem i : items) {
            switch (i) {
                case FetchItem.Uid _, FetchItem.Flags _, FetchItem.Rfc822Size _, FetchItem.InternalDate _,
                     FetchItem.ModSeq _ -> { }
                case FetchItem.Envelope _, FetchItem.BodyStructure _, FetchItem.Rfc822 _, FetchItem.BodySection _,
                     FetchItem.Binary _, FetchItem.ObjectItem _ -> {
                    return false;
                }
            }
        }
        return true;
    }

    /** Queues one FETCH response per selected message, {@code items} in order; only items {@link #covers} allows. */
    static void write(Replies out, Selection sel, List<FetchItem> items, boolean uidOnly) throws IOException {
        // Each item's kind is decided once per command, not by a type switch per item and message: a fresh server's
        // first FETCH 1:* runs this loop interpreted and in C1 code for much of a large mailbox (issue 11).
        int[] kinds = new int[items.size()];
        for (int k = 0; k < kinds.length; k++) {
            kinds[k] = kind(items.get(k));
            if (kinds[k] < 0) throw new IllegalArgumentException("not a column item: " + items.get(k));
        }
        MetadataFetch w = new MetadataFetch();
        FlagSets flags = sel.flagSets();
        for (int i = 0; i < sel.size(); i++) {
            w.begin(sel, i, uidOnly);
            for (int k = 0; k < kinds.length; k++) {
                if (k > 0) w.put((byte) ' ');
                w.column(kinds[k], sel, i, flags);
            }
            w.end();
            if (w.full()) w.drain(out);
        }
        w.drain(out);
    }

    private static final int UID = 0, FLAGS = 1, SIZE = 2, DATE = 3, MODSEQ = 4;
    private static final byte[] STAR = ascii8("* "), FETCH = ascii8(" FETCH ("), UIDFETCH = ascii8(" UIDFETCH ("),
            UID_ = ascii8("UID "), SIZE_ = ascii8("RFC822.SIZE "), DATE_ = ascii8("INTERNALDATE "),
            MODSEQ_ = ascii8("MODSEQ ("), END = ascii8(")\r\n");
    /** "00" to "99": two digits per division. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private static byte[] ascii8(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The item's kind for {@link #column(int, Selection, int, FlagSets)}, or -1 when the columns do not hold it. */
    private static int kind(FetchItem item) {
        return switch (item) {
            case FetchItem.Uid _ -> UID;
            case FetchItem.Flags _ -> FLAGS;
            case FetchItem.Rfc822Size _ -> SIZE;
            case FetchItem.InternalDate _ -> DATE;
            case FetchItem.ModSeq _ -> MODSEQ;
            case FetchItem.Envelope _, FetchItem.BodyStructure _, FetchItem.Rfc822 _, FetchItem.BodySection _,
                 FetchItem.Binary _, FetchItem.ObjectItem _ -> -1;
        };
    }

    /** {@code * n FETCH (} (or {@code * uid UIDFETCH (}) for the {@code i}th message of {@code sel}. */
    void begin(Selection sel, int i, boolean uidOnly) {
        bytes(STAR, 0, STAR.length);
        if (uidOnly) number(sel.uid(i)).bytes(UIDFETCH, 0, UIDFETCH.length);
        else number(sel.seq(i)).bytes(FETCH, 0, FETCH.length);
    }

    /** Writes {@code item} from the columns and says true, or writes nothing and says false (not a column item). */
    boolean column(FetchItem item, Selection sel, int i, FlagSets flags) {
        int kind = kind(item);
        if (kind < 0) return false;
        column(kind, sel, i, flags);
        return true;
    }

    private void column(int kind, Selection sel, int i, FlagSets flags) {
        switch (kind) {
            case UID -> bytes(UID_, 0, UID_.length).number(sel.uid(i));
            case FLAGS -> bytes(flags.rendered(sel.flagsId(i), sel.recent(i)));
            case SIZE -> bytes(SIZE_, 0, SIZE_.length).number(sel.messageSize(i));
            case DATE -> bytes(DATE_, 0, DATE_.length).date(sel.dateMillis(i));
            default -> bytes(MODSEQ_, 0, MODSEQ_.length).number(sel.modSeq(i)).put((byte) ')');
        }
    }

    void end() {
        bytes(END, 0, END.length);
    }

    /** Whether the lines so far are worth handing to the writer. */
    boolean full() {
        return len >= FLUSH_AT;
    }

    /** How many bytes are buffered: {@link #truncate} to it drops a line half written. */
    int mark() {
        return len;
    }

    void truncate(int mark) {
        len = mark;
    }

    /** An IMAP string of {@code b[off, off+len)} exactly as {@link satchel.wire.Response#string} writes it. */
    void string(byte[] b, int off, int n) {
        // Most envelope and body strings are short ASCII without '"' or '\\': those are quoted with one copy, and
        // only the rest take the general path that decides between escaping and a literal.
        if (n <= 1024) {
            int end = off + n;
            int i = off;
            while (i < end && b[i] >= 0x20 && b[i] != '"' && b[i] != '\\') i++;
            if (i == end) {
                if (len + n + 2 > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n + 2));
                buf[len++] = '"';
                System.arraycopy(b, off, buf, len, n);
                len += n;
                buf[len++] = '"';
                return;
            }
        }
        satchel.wire.Response.writeString(b, off, n, sink);
    }

    void drain(Replies out) throws IOException {
        if (len > 0) out.queueLines(buf, 0, len);
        len = 0;
    }

    MetadataFetch ascii(String s) {
        for (int i = 0; i < s.length(); i++) put((byte) s.charAt(i));
        return this;
    }

    MetadataFetch bytes(byte[] b, int off, int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    MetadataFetch put(byte b) {
        if (len == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        buf[len++] = b;
        return this;
    }

    private MetadataFetch bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    MetadataFetch number(long n) {
        if (n < 0) {
            put((byte) '-');
            n = -n;
        }
        if (len + 20 > buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        if (n > Integer.MAX_VALUE) {
            int start = len;
            do {
                buf[len++] = (byte) ('0' + n % 10);
                n /= 10;
            } while (n > 0);
            for (int a = start, b = len - 1; a < b; a++, b--) {
                byte t = buf[a];
                buf[a] = buf[b];
                buf[b] = t;
            }
            return this;
        }
        // Sequence numbers and UIDs: int arithmetic, two digits per division, written from the end.
        int v = (int) n;
        int at = len + (v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10_000 ? 4 : v < 100_000 ? 5 : v < 1_000_000 ? 6
                : v < 10_000_000 ? 7 : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10);
        len = at;
        while (v >= 100) {
            int q = v / 100;
            int r = (v - q * 100) * 2;
            buf[--at] = PAIRS[r + 1];
            buf[--at] = PAIRS[r];
            v = q;
        }
        if (v >= 10) {
            buf[--at] = PAIRS[v * 2 + 1];
            buf[--at] = PAIRS[v * 2];
        } else {
            buf[--at] = (byte) ('0' + v);
        }
        return this;
    }

    private MetadataFetch digits2(int n) {
        return put((byte) ('0' + n / 10)).put((byte) ('0' + n % 10));
    }

    /**
     * {@code "dd-Mon-yyyy hh:mm:ss +0000"} (RFC 3501 date-time) in UTC, as FetchRenderer formats it; days to civil
     * date by H. Hinnant's algorithm, so no date object per message. Years outside 1-9999 take the slow path.
     */
    private MetadataFetch date(long millis) {
        long secs = Math.floorDiv(millis, 1000);
        long days = Math.floorDiv(secs, 86_400);
        int sod = (int) Math.floorMod(secs, 86_400);
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 1 || year > 9999) {
            return ascii("\"" + FetchRenderer.internalDate(java.time.Instant.ofEpochMilli(millis)) + "\"");
        }
        put((byte) '"').digits2(day).put((byte) '-').bytes(MONTHS[month - 1]).put((byte) '-');
        digits2((int) (year / 100)).digits2((int) (year % 100)).put((byte) ' ');
        digits2(sod / 3600).put((byte) ':').digits2(sod / 60 % 60).put((byte) ':').digits2(sod % 60);
        return ascii(" +0000\"");
    }
}
