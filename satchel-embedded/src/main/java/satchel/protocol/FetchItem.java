package satchel.protocol;

import java.util.List;

/** One RFC 3501 §6.4.5 fetch attribute; macros ALL/FAST/FULL are expanded by the parser. */
public sealed interface FetchItem {
    record Uid() implements FetchItem {}
    record Flags() implements FetchItem {}
    record InternalDate() implements FetchItem {}
    record Rfc822Size() implements FetchItem {}
    record Envelope() implements FetchItem {}
    /** BODYSTRUCTURE ({@code extensible}) or BODY (no extension data). */
    record BodyStructure(boolean extensible) implements FetchItem {}
    /** RFC822, RFC822.HEADER, RFC822.TEXT: answered under those names; RFC822 and RFC822.TEXT set \Seen. */
    enum Rfc822Kind { FULL, HEADER, TEXT }
    record Rfc822(Rfc822Kind kind) implements FetchItem {}
    /** BODY[section]<partial> and BODY.PEEK[...]; {@code peek} leaves \Seen alone. */
    record BodySection(Section section, boolean peek, Partial partial) implements FetchItem {}
    /** BINARY[part]<partial>, BINARY.PEEK, BINARY.SIZE (RFC 3516 / RFC 9051). */
    record Binary(List<Integer> part, boolean peek, boolean sizeOnly, Partial partial) implements FetchItem {}
    /** RFC 7162 MODSEQ. */
    record ModSeq() implements FetchItem {}

    /** Per-message data read apart from the view's metadata and the MIME structure ({@code satchel.store.MessageObjects}). */
    sealed interface ObjectItem extends FetchItem {}
    /** RFC 8474 EMAILID. */
    record EmailId() implements ObjectItem {}
    /** RFC 8474 THREADID. */
    record ThreadId() implements ObjectItem {}
    /** RFC 8514 SAVEDATE. */
    record SaveDate() implements ObjectItem {}
    /** RFC 8970 PREVIEW; {@code lazy}: PREVIEW (LAZY), NIL rather than computing a preview not yet kept. */
    record Preview(boolean lazy) implements ObjectItem {}

    /** {@code <origin.count>}; null Partial means the whole section. */
    record Partial(long origin, long count) {}

    /**
     * A section spec: a part path (empty for the top-level message) and what of it.
     * {@code fields} is used by HEADER_FIELDS and HEADER_FIELDS_NOT only.
     */
    record Section(List<Integer> part, SectionText text, List<String> fields) {
        public Section {
            part = List.copyOf(part);
            fields = List.copyOf(fields);
        }
        public static Section whole() { return new Section(List.of(), SectionText.NONE, List.of()); }
    }

    enum SectionText { NONE, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }
}
