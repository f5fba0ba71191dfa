package satchel.session;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import satchel.mime.MessageStructure;
import satchel.mime.Part;
import satchel.mime.PartBody;
import satchel.mime.TransferEncoding;
import satchel.protocol.FetchItem;
import satchel.protocol.FetchItem.Partial;
import satchel.protocol.FetchItem.Section;
import satchel.protocol.FetchItem.SectionText;
import satchel.session.SectionSlicer.Slice;
import satchel.wire.Response;

/**
 * Renders RFC 3501 §7.4.2 FETCH data items for one message. Metadata items (UID, FLAGS, INTERNALDATE,
 * RFC822.SIZE, ENVELOPE, BODY, BODYSTRUCTURE, MODSEQ) never load the content; body items load it once.
 */
public final class FetchRenderer {
    private static final DateTimeFormatter INTERNALDATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private FetchRenderer() {}

    /**
     * Appends {@code (item value item value ...)} for {@code items}, in order, to {@code r} (which already holds
     * "* n FETCH"). Setting \Seen is the caller's job; this only renders.
     *
     * @throws FetchException for BINARY of a part whose Content-Transfer-Encoding is unknown (RFC 3516
     *     UNKNOWN-CTE); the caller answers NO and should discard {@code r}
     */
    public static void render(Response r, List<FetchItem> items, MessageData m) {
        Content content = new Content(m);
        r.open();
        for (FetchItem item : items) {
            switch (item) {
                case FetchItem.Uid _ -> r.atom("UID").number(m.uid());
                case FetchItem.Flags _ -> flags(r, m);
                case FetchItem.InternalDate _ -> r.atom("INTERNALDATE").string(INTERNALDATE.format(m.internalDate()));
                case FetchItem.Rfc822Size _ -> r.atom("RFC822.SIZE").number(m.size());
                case FetchItem.Envelope _ -> {
                    r.atom("ENVELOPE");
                    BodyStructureWriter.envelope(r, m.structure().envelope());
                }
                case FetchItem.BodyStructure b -> {
                    r.atom(b.extensible() ? "BODYSTRUCTURE" : "BODY");
                    BodyStructureWriter.write(r, m.structure().root(), b.extensible());
                }
                case FetchItem.Rfc822 x -> rfc822(r, x.kind(), m, content.get());
                case FetchItem.BodySection s -> section(r, s, m, content.get());
                case FetchItem.Binary b -> binary(r, b, m, content.get());
                case FetchItem.ModSeq _ -> r.atom("MODSEQ").open().number(m.modSeq()).close();
                case FetchItem.ObjectItem o -> ObjectFetch.render(r, o, m.objects());
            }
        }
        r.close();
    }

    private static boolean wholeMessage(Section s) {
        return s.part().isEmpty() && s.text() == SectionText.NONE;
    }

    /** Whether rendering the item reads the stored MIME structure (worth loading in bulk beforehand). */
    static boolean needsStructure(FetchItem i) {
        return switch (i) {
            case FetchItem.Envelope _, FetchItem.BodyStructure _ -> true;
            case FetchItem.BodySection b -> !wholeMessage(b.section());
            case FetchItem.Binary b -> !b.part().isEmpty();
            case FetchItem.Rfc822 r -> r.kind() != FetchItem.Rfc822Kind.FULL;
            case FetchItem.Uid _, FetchItem.Flags _, FetchItem.InternalDate _, FetchItem.Rfc822Size _,
                 FetchItem.ModSeq _, FetchItem.ObjectItem _ -> false;
        };
    }

    /** Loads the content at most once per FETCH response. */
    private static final class Content {
        private final MessageData m;
        private byte[] bytes;

        Content(MessageData m) { this.m = m; }

        byte[] get() {
            if (bytes == null) bytes = m.content();
            return bytes;
        }
    }

    /** INTERNALDATE's date-time text (RFC 3501 §9), in UTC. */
    static String internalDate(java.time.Instant t) { return INTERNALDATE.format(t); }

    private static void flags(Response r, MessageData m) {
        byte[] cached = m.renderedFlags();
        if (cached != null) {
            r.rendered(cached);
            return;
        }
        List<String> flags = new ArrayList<>(m.flags().stream()
                .sorted((a, b) -> a.startsWith("\\") != b.startsWith("\\") ? (a.startsWith("\\") ? -1 : 1) : a.compareTo(b))
                .toList());
        if (m.recent() && flags.stream().noneMatch("\\Recent"::equalsIgnoreCase)) flags.add("\\Recent");
        r.atom("FLAGS").open();
        for (String f : flags) {
            if (isFlag(f)) r.atom(f); // a junk keyword from a store must not break the response
        }
        r.close();
    }

    private static boolean isFlag(String f) {
        if (f.isEmpty()) return false;
        for (int i = f.startsWith("\\") ? 1 : 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c <= ' ' || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) return false;
        }
        return !f.equals("\\");
    }

    /** The whole message needs no structure: RFC822, BODY[] and BINARY[] never load it (see {@link #needsStructure}). */
    private static void rfc822(Response r, FetchItem.Rfc822Kind kind, MessageData m, byte[] content) {
        Slice slice = switch (kind) {
            case FULL -> SectionSlicer.range(content, 0, content.length);
            case HEADER -> SectionSlicer.range(content, m.structure().root().headerOffset(), m.structure().root().headerLength());
            case TEXT -> SectionSlicer.range(content, m.structure().root().bodyOffset(), m.structure().root().bodyLength());
        };
        r.atom(switch (kind) {
            case FULL -> "RFC822";
            case HEADER -> "RFC822.HEADER";
            case TEXT -> "RFC822.TEXT";
        });
        data(r, slice, false);
    }

    private static void section(Response r, FetchItem.BodySection item, MessageData m, byte[] content) {
        Section sec = item.section();
        Slice slice = wholeMessage(sec) ? SectionSlicer.range(content, 0, content.length)
                : SectionSlicer.slice(m.structure(), content, sec);
        if (item.partial() != null) slice = slice.partial(item.partial().origin(), item.partial().count());
        String path = sec.part().stream().map(String::valueOf).collect(Collectors.joining("."));
        String text = switch (sec.text()) {
            case NONE -> "";
            case HEADER -> "HEADER";
            case HEADER_FIELDS -> "HEADER.FIELDS";
            case HEADER_FIELDS_NOT -> "HEADER.FIELDS.NOT";
            case TEXT -> "TEXT";
            case MIME -> "MIME";
        };
        String spec = path.isEmpty() || text.isEmpty() ? path + text : path + "." + text;
        String origin = origin(item.partial());
        if (sec.text() == SectionText.HEADER_FIELDS || sec.text() == SectionText.HEADER_FIELDS_NOT) {
            r.atom("BODY[" + spec).open();
            // Field names are case-insensitive; echo them upper-cased as Dovecot and Cyrus do.
            for (String f : sec.fields()) r.astring(f.toUpperCase(java.util.Locale.ROOT));
            r.close().raw("]" + origin);
        } else r.atom("BODY[" + spec + "]" + origin);
        data(r, slice, false);
    }

    private static void binary(Response r, FetchItem.Binary item, MessageData m, byte[] content) {
        String path = item.part().stream().map(String::valueOf).collect(Collectors.joining("."));
        Slice slice = item.part().isEmpty() ? SectionSlicer.range(content, 0, content.length)
                : binaryData(item.part(), m.structure(), content);
        if (item.sizeOnly()) {
            r.atom("BINARY.SIZE[" + path + "]").number(slice.len());
            return;
        }
        if (item.partial() != null) slice = slice.partial(item.partial().origin(), item.partial().count());
        r.atom("BINARY[" + path + "]" + origin(item.partial()));
        data(r, slice, true);
    }

    /** RFC 3516 §4.2: the part with its Content-Transfer-Encoding removed. */
    private static Slice binaryData(List<Integer> path, MessageStructure s, byte[] content) {
        if (path.isEmpty()) return SectionSlicer.range(content, 0, content.length);
        Part p = s.part(path).orElse(null);
        if (p == null) return Slice.EMPTY;
        Slice raw = SectionSlicer.range(content, p.bodyOffset(), p.bodyLength());
        if (!(p.body() instanceof PartBody.Single)) return raw;
        if (!TransferEncoding.known(p.encoding())) throw new FetchException("UNKNOWN-CTE", "Unknown transfer encoding " + p.encoding());
        byte[] d = TransferEncoding.decode(raw.data(), raw.off(), raw.len(), p.encoding());
        return new Slice(d, 0, d.length);
    }

    private static String origin(Partial p) {
        return p == null ? "" : "<" + p.origin() + ">";
    }

    /** Empty data is the empty string (RFC 3501: an origin past the end gives ""); else a literal. */
    private static void data(Response r, Slice s, boolean binary) {
        if (s.len() == 0) r.string("");
        else if (binary && s.containsNul()) r.literal8(s.data(), s.off(), s.len());
        else r.literal(s.data(), s.off(), s.len());
    }
}
