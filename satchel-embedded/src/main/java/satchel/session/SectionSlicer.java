package satchel.session;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import satchel.mime.Headers;
import satchel.mime.MessageStructure;
import satchel.mime.Part;
import satchel.mime.PartBody;
import satchel.protocol.FetchItem.Section;
import satchel.protocol.FetchItem.SectionText;

/** Resolves an RFC 3501 §6.4.5 section spec to the octets of the stored message it names. */
final class SectionSlicer {
    /** {@code data[off, off+len)}; empty for a part that does not exist (answered as ""). */
    record Slice(byte[] data, int off, int len) {
        static final Slice EMPTY = new Slice(new byte[0], 0, 0);

        Slice partial(long origin, long count) {
            if (origin >= len) return EMPTY;
            long n = Math.min(count, len - origin);
            return new Slice(data, off + (int) origin, (int) n);
        }

        boolean containsNul() {
            for (int i = off; i < off + len; i++) if (data[i] == 0) return true;
            return false;
        }
    }

    private SectionSlicer() {}

    static Slice slice(MessageStructure s, byte[] content, Section sec) {
        boolean top = sec.part().isEmpty();
        if (top && sec.text() == SectionText.NONE) return range(content, 0, content.length);
        Optional<Part> found = s.part(sec.part());
        if (found.isEmpty()) return Slice.EMPTY;
        Part p = found.get();
        return switch (sec.text()) {
            case NONE -> range(content, p.bodyOffset(), p.bodyLength());
            case MIME -> range(content, p.headerOffset(), p.headerLength());
            case HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT -> {
                Part msg = top ? p : p.body() instanceof PartBody.Message m ? m.message() : null;
                if (msg == null) yield Slice.EMPTY; // HEADER/TEXT only name parts that are messages
                yield switch (sec.text()) {
                    case TEXT -> range(content, msg.bodyOffset(), msg.bodyLength());
                    case HEADER -> range(content, msg.headerOffset(), msg.headerLength());
                    default -> fields(content, msg, sec.fields(), sec.text() == SectionText.HEADER_FIELDS);
                };
            }
        };
    }

    /** The header fields named (or not named) in {@code names}, case-insensitively, then the blank line. */
    static Slice fields(byte[] content, Part msg, List<String> names, boolean include) {
        Slice h = range(content, msg.headerOffset(), msg.headerLength());
        Set<String> wanted = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Headers.Field f : Headers.parse(content, h.off(), h.off() + h.len())) {
            if (wanted.contains(f.name().toLowerCase(Locale.ROOT)) != include) continue;
            out.write(content, f.start(), f.end() - f.start());
            if (content[f.end() - 1] != '\n') out.writeBytes(new byte[] {'\r', '\n'});
        }
        out.writeBytes(new byte[] {'\r', '\n'});
        byte[] b = out.toByteArray();
        return new Slice(b, 0, b.length);
    }

    /** Clamped to the content actually stored, in case structure and content ever disagree. */
    static Slice range(byte[] content, int off, int len) {
        int o = Math.clamp(off, 0, content.length);
        return new Slice(content, o, Math.clamp(len, 0, content.length - o));
    }
}
