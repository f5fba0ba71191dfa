package satchel.protocol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/** One fetch-att after its name: sections "[...]" and partials "&lt;origin.count&gt;" (RFC 9051 §9). */
final class FetchAttParser {
    private FetchAttParser() {}

    static FetchItem item(ImapReader r, String name) throws IOException, ProtocolException {
        return switch (name) {
            case "ENVELOPE" -> new FetchItem.Envelope();
            case "FLAGS" -> new FetchItem.Flags();
            case "INTERNALDATE" -> new FetchItem.InternalDate();
            case "RFC822" -> new FetchItem.Rfc822(FetchItem.Rfc822Kind.FULL);
            case "RFC822.HEADER" -> new FetchItem.Rfc822(FetchItem.Rfc822Kind.HEADER);
            case "RFC822.TEXT" -> new FetchItem.Rfc822(FetchItem.Rfc822Kind.TEXT);
            case "RFC822.SIZE" -> new FetchItem.Rfc822Size();
            case "BODYSTRUCTURE" -> new FetchItem.BodyStructure(true);
            case "UID" -> new FetchItem.Uid();
            case "MODSEQ" -> new FetchItem.ModSeq();
            case "EMAILID" -> new FetchItem.EmailId();
            case "THREADID" -> new FetchItem.ThreadId();
            case "SAVEDATE" -> new FetchItem.SaveDate();
            case "PREVIEW" -> new FetchItem.Preview(false); // modifiers follow after a space: previewModifiers
            case "BODY" -> r.peek() == '[' ? bodySection(r, false) : new FetchItem.BodyStructure(false);
            case "BODY.PEEK" -> bodySection(r, true);
            case "BINARY" -> binary(r, false, false);
            case "BINARY.PEEK" -> binary(r, true, false);
            case "BINARY.SIZE" -> binary(r, false, true);
            default -> throw r.bad("Unknown fetch item " + (name.length() > 40 ? name.substring(0, 40) : name));
        };
    }

    /** RFC 8970 §6: "(" preview-mod *(SP preview-mod) ")", preview-mod = "LAZY". */
    static FetchItem.Preview previewModifiers(ImapReader r) throws IOException, ProtocolException {
        r.expect('(', "preview modifiers");
        r.enter();
        boolean lazy = false;
        do {
            String mod = Args.upper(r.atom());
            if (!mod.equals("LAZY")) throw r.bad("Unknown PREVIEW modifier " + (mod.length() > 40 ? mod.substring(0, 40) : mod));
            lazy = true;
        } while (r.accept(' '));
        r.expect(')', "preview modifiers");
        r.leave();
        return new FetchItem.Preview(lazy);
    }

    private static FetchItem bodySection(ImapReader r, boolean peek) throws IOException, ProtocolException {
        FetchItem.Section section = section(r);
        return new FetchItem.BodySection(section, peek, partial(r));
    }

    /** section-binary = "[" [section-part] "]"; BINARY.SIZE takes no partial. */
    private static FetchItem binary(ImapReader r, boolean peek, boolean sizeOnly)
            throws IOException, ProtocolException {
        r.expect('[', "section");
        List<Integer> part = new ArrayList<>();
        if (r.peek() != ']') {
            part.add(partNumber(r));
            while (r.accept('.')) part.add(partNumber(r));
        }
        r.expect(']', "section");
        return new FetchItem.Binary(List.copyOf(part), peek, sizeOnly, sizeOnly ? null : partial(r));
    }

    /**
     * section = "[" [section-msgtext / (section-part ["." section-text])] "]"; MIME only after a part
     * (RFC 9051 §9 section-text).
     */
    static FetchItem.Section section(ImapReader r) throws IOException, ProtocolException {
        r.expect('[', "section");
        List<Integer> part = new ArrayList<>();
        boolean textFollows = true;
        if (Args.isDigit(r.peek())) {
            part.add(partNumber(r));
            while ((textFollows = r.accept('.')) && Args.isDigit(r.peek())) part.add(partNumber(r));
        }
        FetchItem.SectionText text = FetchItem.SectionText.NONE;
        List<String> fields = List.of();
        if (textFollows && r.peek() != ']') {
            String word = Args.upper(r.readWhile(c -> Args.isLetter(c) || c == '.'));
            text = switch (word) {
                case "HEADER" -> FetchItem.SectionText.HEADER;
                case "TEXT" -> FetchItem.SectionText.TEXT;
                case "HEADER.FIELDS" -> FetchItem.SectionText.HEADER_FIELDS;
                case "HEADER.FIELDS.NOT" -> FetchItem.SectionText.HEADER_FIELDS_NOT;
                case "MIME" -> part.isEmpty() ? null : FetchItem.SectionText.MIME;
                default -> null;
            };
            if (text == null) throw r.bad("Invalid section " + word);
            if (word.startsWith("HEADER.FIELDS")) {
                r.sp();
                fields = headerList(r);
            }
        } else if (textFollows && !part.isEmpty()) {
            throw r.bad("Invalid section: nothing after '.'");
        }
        r.expect(']', "section");
        return new FetchItem.Section(part, text, fields);
    }

    private static int partNumber(ImapReader r) throws IOException, ProtocolException {
        if (!Args.isDigit(r.peek())) throw r.expected("section part");
        long n = r.nzNumber();
        if (n > Integer.MAX_VALUE) throw r.bad("Section part too large");
        return (int) n;
    }

    /** header-list = "(" header-fld-name *(SP header-fld-name) ")" */
    private static List<String> headerList(ImapReader r) throws IOException, ProtocolException {
        r.expect('(', "header list");
        r.enter();
        List<String> fields = new ArrayList<>();
        do fields.add(r.astring()); while (r.accept(' '));
        r.expect(')', "header list");
        r.leave();
        return List.copyOf(fields);
    }

    /** partial = "&lt;" number64 "." nz-number64 "&gt;" */
    private static FetchItem.Partial partial(ImapReader r) throws IOException, ProtocolException {
        if (!r.accept('<')) return null;
        long origin = r.number64();
        r.expect('.', "partial");
        long count = r.number64();
        if (count == 0) throw r.bad("Partial count must be positive");
        r.expect('>', "partial");
        return new FetchItem.Partial(origin, count);
    }
}
