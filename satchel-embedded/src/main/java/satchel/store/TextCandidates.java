package satchel.store;

import java.util.Map;
import java.util.Set;
import satchel.mime.FoldedSearch;

/**
 * What a full-text index says of a text SEARCH ({@link UserMail#headerCandidates}): the UIDs that may match (a
 * superset of the matches, still checked exactly) and, read in the same pass, the {@link satchel.mime.SearchHeaders}
 * row of those candidates that have one. A candidate missing from {@code headerRows} may still have a row (the store
 * did not read it); the caller then asks {@link UserMail#searchHeaders}.
 */
public record TextCandidates(Set<Long> uids, Map<Long, FoldedSearch> headerRows) {
    public TextCandidates {
        uids = java.util.Collections.unmodifiableSet(uids);
        headerRows = java.util.Collections.unmodifiableMap(headerRows);
    }

    /** Candidates without rows. */
    public static TextCandidates of(Set<Long> uids) {
        return new TextCandidates(uids, Map.of());
    }
}
