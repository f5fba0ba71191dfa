package satchel.mime;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of {@link MessageStructure}: a version byte, then fields in declaration order. Version 1 (always
 * with search data) is still read; version 2 puts the search data last and optional, and {@link #writeSearch}
 * writes it alone so a store can keep it apart from what FETCH reads. Version 3 is version 2 followed by tagged
 * sections (a tag byte, a length, that many bytes; tag 0 ends the list), so later additions need a new tag, not
 * a new version, and a reader skips tags it does not know. Tag 'S' holds the {@link SortFields}; a structure
 * without it (versions 1 and 2) derives them from its envelope.
 */
final class StructureCodec {
    private static final int VERSION = 3;
    private static final int SORT_TAG = 'S';
    private static final int SEARCH_VERSION = 1;
    private static final int MAX_LIST = 1 << 20;

    private StructureCodec() {}

    static byte[] write(MessageStructure s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            envelope(out, s.envelope());
            part(out, s.root());
            out.writeLong(s.sentDate().map(LocalDate::toEpochDay).orElse(Long.MIN_VALUE));
            out.writeBoolean(s.searchHeadersTruncated());
            out.writeBoolean(s.hasSearchData());
            if (s.hasSearchData()) search(out, s.search());
            section(out, SORT_TAG, sortFieldsBytes(s.sortFields()));
            out.writeByte(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static MessageStructure read(byte[] bytes) {
        try {
            In in = new In(bytes);
            int v = in.readUnsignedByte();
            if (v < 1 || v > VERSION) throw new IllegalArgumentException("unknown structure version " + v);
            Envelope env = envelope(in);
            Part root = part(in);
            if (v == 1) {
                List<Param> headers = params(in);
                boolean truncated = in.readBoolean();
                String text = str(in);
                LocalDate sent = day(in.readLong());
                return new MessageStructure(env, root, sent, truncated, () -> SortFields.of(env, null),
                        new SearchData(headers, truncated, text, sent));
            }
            LocalDate sent = day(in.readLong());
            boolean truncated = in.readBoolean();
            SearchData search = null;
            if (in.readBoolean()) {
                List<Param> headers = params(in);
                search = new SearchData(headers, truncated, str(in), sent);
            }
            java.util.function.Supplier<SortFields> sort = null;
            for (int tag = v < 3 ? 0 : in.readUnsignedByte(); tag != 0; tag = in.readUnsignedByte()) {
                int len = in.readInt();
                if (len < 0 || len > in.b.remaining()) throw new IllegalArgumentException("bad section length " + len);
                int end = in.b.position() + len;
                if (tag == SORT_TAG) {
                    byte[] section = java.util.Arrays.copyOfRange(bytes, in.b.position(), end);
                    sort = () -> {
                        try {
                            return sortFields(new In(section));
                        } catch (RuntimeException e) {
                            throw new IllegalArgumentException("corrupt message structure", e);
                        }
                    };
                }
                in.b.position(end);
            }
            return new MessageStructure(env, root, sent, truncated, sort != null ? sort : () -> SortFields.of(env, null),
                    search);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("corrupt message structure", e);
        }
    }

    static byte[] writeSearch(SearchData d) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(d.text().length() + 512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(SEARCH_VERSION);
            out.writeBoolean(d.headersTruncated());
            out.writeLong(d.sentDate() == null ? Long.MIN_VALUE : d.sentDate().toEpochDay());
            search(out, d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SearchData readSearch(byte[] bytes) {
        try {
            In in = new In(bytes);
            int v = in.readUnsignedByte();
            if (v != SEARCH_VERSION) throw new IllegalArgumentException("unknown search data version " + v);
            boolean truncated = in.readBoolean();
            LocalDate sent = day(in.readLong());
            List<Param> headers = params(in);
            return new SearchData(headers, truncated, str(in), sent);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("corrupt search data", e);
        }
    }

    private static void search(DataOutputStream out, SearchData d) throws IOException {
        params(out, d.headers());
        str(out, d.text());
    }

    private static void section(DataOutputStream out, int tag, byte[] body) throws IOException {
        out.writeByte(tag);
        out.writeInt(body.length);
        out.write(body);
    }

    static byte[] sortFieldsBytes(SortFields f) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            str(out, f.subject());
            out.writeBoolean(f.replyOrForward());
            out.writeBoolean(f.sent() != null);
            if (f.sent() != null) {
                out.writeLong(f.sent().getEpochSecond());
            }
            for (String k : List.of(f.from(), f.to(), f.cc(), f.displayFrom(), f.displayTo())) str(out, k);
            str(out, f.messageId());
            out.writeInt(f.references().size());
            for (String r : f.references()) str(out, r);
        }
        return bytes.toByteArray();
    }

    private static SortFields sortFields(In in) {
        String subject = str(in);
        boolean refwd = in.readBoolean();
        java.time.Instant sent = in.readBoolean() ? java.time.Instant.ofEpochSecond(in.readLong()) : null;
        String from = str(in), to = str(in), cc = str(in), displayFrom = str(in), displayTo = str(in);
        String messageId = str(in);
        int n = count(in);
        List<String> refs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) refs.add(str(in));
        return new SortFields(subject, refwd, sent, from, to, cc, displayFrom, displayTo, messageId, refs);
    }

    private static LocalDate day(long epochDay) {
        return epochDay == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(epochDay);
    }

    private static void envelope(DataOutputStream out, Envelope e) throws IOException {
        str(out, e.date());
        str(out, e.subject());
        for (List<Address> l : List.of(e.from(), e.sender(), e.replyTo(), e.to(), e.cc(), e.bcc())) {
            out.writeInt(l.size());
            for (Address a : l) {
                str(out, a.name());
                str(out, a.adl());
                str(out, a.mailbox());
                str(out, a.host());
            }
        }
        str(out, e.inReplyTo());
        str(out, e.messageId());
    }

    private static Envelope envelope(In in) {
        String date = str(in), subject = str(in);
        List<List<Address>> lists = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            int n = count(in);
            List<Address> l = new ArrayList<>(n);
            for (int i = 0; i < n; i++) l.add(new Address(str(in), str(in), str(in), str(in)));
            lists.add(l);
        }
        return new Envelope(date, subject, lists.get(0), lists.get(1), lists.get(2), lists.get(3), lists.get(4),
                lists.get(5), str(in), str(in));
    }

    private static void part(DataOutputStream out, Part p) throws IOException {
        str(out, p.type());
        str(out, p.subtype());
        params(out, p.params());
        str(out, p.id());
        str(out, p.description());
        str(out, p.encoding());
        str(out, p.md5());
        out.writeBoolean(p.disposition() != null);
        if (p.disposition() != null) {
            str(out, p.disposition().type());
            params(out, p.disposition().params());
        }
        out.writeInt(p.language().size());
        for (String l : p.language()) str(out, l);
        str(out, p.location());
        out.writeInt(p.headerOffset());
        out.writeInt(p.headerLength());
        out.writeInt(p.bodyOffset());
        out.writeInt(p.bodyLength());
        switch (p.body()) {
            case PartBody.Single s -> {
                out.writeByte('S');
                out.writeLong(s.lines());
            }
            case PartBody.Multipart m -> {
                out.writeByte('M');
                out.writeInt(m.parts().size());
                for (Part c : m.parts()) part(out, c);
            }
            case PartBody.Message m -> {
                out.writeByte('R');
                envelope(out, m.envelope());
                part(out, m.message());
                out.writeLong(m.lines());
            }
        }
    }

    private static Part part(In in) {
        String type = str(in), subtype = str(in);
        List<Param> params = params(in);
        String id = str(in), desc = str(in), enc = str(in), md5 = str(in);
        Disposition dsp = in.readBoolean() ? new Disposition(str(in), params(in)) : null;
        int nl = count(in);
        List<String> lang = new ArrayList<>(nl);
        for (int i = 0; i < nl; i++) lang.add(str(in));
        String loc = str(in);
        int ho = in.readInt(), hl = in.readInt(), bo = in.readInt(), bl = in.readInt();
        PartBody body = switch (in.readUnsignedByte()) {
            case 'S' -> new PartBody.Single(in.readLong());
            case 'M' -> {
                int n = count(in);
                List<Part> parts = new ArrayList<>(n);
                for (int i = 0; i < n; i++) parts.add(part(in));
                yield new PartBody.Multipart(parts);
            }
            case 'R' -> new PartBody.Message(envelope(in), part(in), in.readLong());
            default -> throw new IllegalArgumentException("bad part kind");
        };
        return new Part(type, subtype, params, id, desc, enc, md5, dsp, lang, loc, ho, hl, bo, bl, body);
    }

    private static void params(DataOutputStream out, List<Param> params) throws IOException {
        out.writeInt(params.size());
        for (Param p : params) {
            str(out, p.name());
            str(out, p.value());
        }
    }

    private static List<Param> params(In in) {
        int n = count(in);
        List<Param> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) l.add(new Param(str(in), str(in)));
        return l;
    }

    private static int count(In in) {
        int n = in.readInt();
        if (n < 0 || n > MAX_LIST) throw new IllegalArgumentException("bad count " + n);
        return n;
    }

    /** Length-prefixed UTF-8 (writeUTF stops at 64 KiB); -1 for null. */
    private static void str(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String str(In in) {
        int n = in.readInt();
        if (n == -1) return null;
        if (n < 0 || n > in.b.remaining()) throw new IllegalArgumentException("bad string length " + n);
        String s = new String(in.b.array(), in.b.position(), n, StandardCharsets.UTF_8);
        in.b.position(in.b.position() + n);
        return s;
    }

    /**
     * Reads the big-endian form DataOutputStream writes, without DataInputStream over ByteArrayInputStream,
     * whose synchronised per-byte reads were a visible share of a 100,000-message FETCH. Overruns throw
     * BufferUnderflowException, reported as a corrupt structure.
     */
    private static final class In {
        final ByteBuffer b;

        In(byte[] bytes) { b = ByteBuffer.wrap(bytes); }

        int readUnsignedByte() { return b.get() & 0xff; }

        boolean readBoolean() { return b.get() != 0; }

        int readInt() { return b.getInt(); }

        long readLong() { return b.getLong(); }
    }
}
