package satchel.mime;

import java.util.List;

/**
 * The header fields SEARCH keys name directly (RFC 9051 §6.4.4: BCC, CC, FROM, SUBJECT, TO, and HEADER of those
 * fields), kept by the store beside a message in a small row of their own: the same folded values as the
 * message's {@link FoldedSearch}, so a header SEARCH reads neither the structure nor the deflated search text and
 * answers exactly as it would from them. A message whose search headers were kept only in part ({@link
 * MessageStructure#searchHeadersTruncated()}) has no such row: its check reads the stored bytes, as before.
 *
 * <p>Stored form: {@link FoldedSearch#toBytes} of those fields with an empty text.
 */
public final class SearchHeaders {
    private static final List<String> FIELDS = List.of("Subject", "From", "To", "Cc", "Bcc");

    private SearchHeaders() {}

    /**
     * Whether the row holds every field a HEADER key on {@code field} looks at. Only ASCII names: then "some name
     * equal to {@code field} ignoring case" picks exactly the fields the row kept for its ASCII twin, which
     * {@link String#equalsIgnoreCase} does not promise for other characters (e.g. U+017F, U+212A).
     */
    public static boolean covers(String field) {
        for (int i = 0; i < field.length(); i++) if (field.charAt(i) >= 0x80) return false;
        return kept(field);
    }

    /** The row of a message: its {@link #covers covered} fields out of {@code all}. */
    public static FoldedSearch of(FoldedSearch all) {
        return all.onlyHeaders(SearchHeaders::kept);
    }

    /** The stored form of the row for {@code s}, or null when its search headers are incomplete (no row). */
    public static byte[] rowOf(MessageStructure s) {
        return s.searchHeadersTruncated() ? null : of(s.foldedSearch()).toBytes();
    }

    // Same comparison as FoldedSearch.header makes, so the row keeps every field that answers for a covered key.
    private static boolean kept(String name) {
        for (String f : FIELDS) if (f.equalsIgnoreCase(name)) return true;
        return false;
    }
}
