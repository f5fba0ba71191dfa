package satchel.mime;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Everything FETCH and SEARCH need from a message's MIME structure, computed once when the message is stored
 * (envelope, body structure, part offsets and sizes, line counts, common header fields, decoded text for search).
 * Immutable and thread-safe. Offsets refer to the exact bytes given to {@link #parse}.
 */
public final class MessageStructure {
    private final Envelope envelope;
    private final Part root;
    private final LocalDate sentDate;
    private final boolean headersTruncated;
    /** Decodes the sort fields when first asked: FETCH and SEARCH load many structures and never sort by them. */
    private final java.util.function.Supplier<SortFields> sort;
    private volatile SortFields sorted;
    /** Decoded header fields and text; null in a structure loaded without them ({@link #withoutSearchData}). */
    private final SearchData search;
    /** The folded form SEARCH checks: given by a store that keeps only it, or computed from {@link #search} once. */
    private volatile FoldedSearch folded;

    MessageStructure(Envelope envelope, Part root, LocalDate sentDate, boolean headersTruncated, SortFields sort,
                     SearchData search) {
        this(envelope, root, sentDate, headersTruncated, () -> sort, search, null);
    }

    /** {@code sort} is asked at most once (or a few times, racing: it must give equal values), on first use. */
    MessageStructure(Envelope envelope, Part root, LocalDate sentDate, boolean headersTruncated,
                     java.util.function.Supplier<SortFields> sort, SearchData search) {
        this(envelope, root, sentDate, headersTruncated, sort, search, null);
    }

    private MessageStructure(Envelope envelope, Part root, LocalDate sentDate, boolean headersTruncated,
                             java.util.function.Supplier<SortFields> sort, SearchData search, FoldedSearch folded) {
        this.envelope = envelope;
        this.root = root;
        this.sentDate = sentDate;
        this.headersTruncated = headersTruncated;
        this.sort = sort;
        this.search = search;
        this.folded = folded;
    }

    /** Parses any bytes at all; malformed mail yields the best structure a robust parser can derive, never an exception. */
    public static MessageStructure parse(byte[] message) {
        MimeParser p = new MimeParser(message);
        Part root = p.parse(0, message.length, 0, false);
        SearchData d = SearchData.extract(message, root);
        Envelope envelope = p.envelope(0, root.headerLength());
        String references = EnvelopeBuilder.raw(message, Headers.parse(message, 0, root.headerLength()), "references");
        return new MessageStructure(envelope, root, d.sentDate(), d.headersTruncated(),
                SortFields.of(envelope, references), d);
    }

    /** Compact serialised form, for the store; {@link #fromBytes} restores an equal structure (with search data if this has it). */
    public byte[] toBytes() {
        return StructureCodec.write(this);
    }

    /** Whether {@code bytes} decode as a structure (the store check looks for damaged rows). */
    public static boolean decodable(byte[] bytes) {
        if (bytes == null || bytes.length == 0) return false;
        try {
            fromBytes(bytes).sortFields(); // decoded when first asked: ask, so a damaged one shows here
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** @throws IllegalArgumentException if {@code bytes} is not a form written by {@link #toBytes} */
    public static MessageStructure fromBytes(byte[] bytes) {
        return StructureCodec.read(bytes);
    }

    /**
     * This structure without the decoded search headers and text: what FETCH needs (envelope, body structure,
     * part offsets, sent date), a fraction of the size. A store may keep the two apart ({@link #searchDataBytes}).
     */
    public MessageStructure withoutSearchData() {
        return search == null && folded == null ? this
                : new MessageStructure(envelope, root, sentDate, headersTruncated, sort, null, null);
    }

    /**
     * The search data folded for SEARCH's exact check ({@link FoldedSearch}); computed once from the decoded search
     * data, or as given by {@link #withFoldedSearch}.
     * @throws IllegalStateException if this structure has neither
     */
    public FoldedSearch foldedSearch() {
        FoldedSearch f = folded;
        if (f == null) folded = f = FoldedSearch.of(requireSearch()); // benign race: equal values
        return f;
    }

    /** Whether {@link #foldedSearch} is available. */
    public boolean hasFoldedSearch() { return search != null || folded != null; }

    /**
     * This structure with only the folded search data ({@link FoldedSearch#toBytes}), as a store that keeps just
     * that form loads it: {@link #searchHeaders} and {@link #searchText} are then unavailable.
     * @throws IllegalArgumentException if {@code bytes} is not a form written by {@link FoldedSearch#toBytes}
     */
    public MessageStructure withFoldedSearch(byte[] bytes) {
        return withFoldedSearch(FoldedSearch.fromBytes(bytes));
    }

    /** This structure with only {@code folded} as its search data (see {@link #withFoldedSearch(byte[])}). */
    public MessageStructure withFoldedSearch(FoldedSearch folded) {
        return new MessageStructure(envelope, root, sentDate, headersTruncated, sort, null, folded);
    }

    /**
     * Whether {@link #searchHeaders} and {@link #searchText} are available (not in a structure loaded with only
     * its {@link #withFoldedSearch folded} search data: see {@link #hasFoldedSearch}).
     */
    public boolean hasSearchData() { return search != null; }

    /** The decoded search headers and text alone, serialised; {@link #withSearchData} puts them back. */
    public byte[] searchDataBytes() {
        return StructureCodec.writeSearch(requireSearch());
    }

    /** @throws IllegalArgumentException if {@code bytes} is not a form written by {@link #searchDataBytes} */
    public MessageStructure withSearchData(byte[] bytes) {
        return new MessageStructure(envelope, root, sentDate, headersTruncated, sort, StructureCodec.readSearch(bytes));
    }

    public Envelope envelope() { return envelope; }

    /** The top-level entity: its header is the message header, its body the message text. */
    public Part root() { return root; }

    /**
     * Top-level header fields, RFC 2047 decoded, address fields as "Name &lt;addr&gt;", in order (for HEADER search).
     * @throws IllegalStateException if loaded {@link #withoutSearchData}
     */
    public List<Param> searchHeaders() { return requireSearch().headers(); }

    /** True if {@link #searchHeaders} stopped early (huge header); a caller may then scan the raw header. */
    public boolean searchHeadersTruncated() { return headersTruncated; }

    /**
     * Decoded text of all text/* parts (and headers of nested messages), at most 256 Ki characters: what BODY
     * search matches, and what a full-text index is fed.
     * @throws IllegalStateException if loaded {@link #withoutSearchData}
     */
    public String searchText() { return requireSearch().text(); }

    /**
     * The SORT and THREAD keys (RFC 5256, RFC 5957), computed at delivery. A structure stored before they were
     * kept derives them from its envelope when loaded, without the References field (In-Reply-To stands in).
     */
    public SortFields sortFields() {
        SortFields s = sorted;
        if (s == null) sorted = s = sort.get(); // benign race: equal values
        return s;
    }

    /** The Date header's own calendar date (zone ignored), if it has a readable one. */
    public Optional<LocalDate> sentDate() { return Optional.ofNullable(sentDate); }

    SearchData search() { return search; }

    private SearchData requireSearch() {
        if (search == null) throw new IllegalStateException("structure was loaded without its search data");
        return search;
    }

    /** All top-level header fields of {@code message}, decoded as in {@link #searchHeaders}, without its cap. */
    public static List<Param> decodedHeaders(byte[] message) {
        int end = Headers.headerEnd(message, 0, message.length);
        return Headers.parse(message, 0, end).stream()
                .map(f -> new Param(f.name(), SearchData.decodedValue(message, f))).toList();
    }

    /**
     * The part numbered {@code path} (RFC 3501 §6.4.5): part 1 of a non-multipart message is its body, and the
     * parts of a message/rfc822 part are those of the message it holds. Empty if there is no such part.
     */
    public Optional<Part> part(List<Integer> path) {
        Part cur = root;
        boolean messageRoot = true;
        for (int n : path) {
            if (!messageRoot && cur.body() instanceof PartBody.Message m) {
                cur = m.message();
                messageRoot = true;
            }
            if (cur.body() instanceof PartBody.Multipart mp) {
                if (n < 1 || n > mp.parts().size()) return Optional.empty();
                cur = mp.parts().get(n - 1);
            } else if (!messageRoot || n != 1) return Optional.empty();
            messageRoot = false;
        }
        return Optional.of(cur);
    }

    @Override public boolean equals(Object o) {
        return o instanceof MessageStructure s && envelope.equals(s.envelope) && root.equals(s.root)
                && java.util.Objects.equals(sentDate, s.sentDate) && headersTruncated == s.headersTruncated
                && sortFields().equals(s.sortFields())
                && java.util.Objects.equals(search, s.search)
                && (search != null || java.util.Objects.equals(folded, s.folded));
    }

    @Override public int hashCode() { return root.hashCode(); }

    @Override public String toString() { return "MessageStructure[" + root.mimeType() + ", " + envelope + "]"; }
}
