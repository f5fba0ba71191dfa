package satchel.session;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import satchel.protocol.SearchKey;

/** Evaluates {@link SearchKey.ObjectKey}s: RFC 8474 EMAILID/THREADID and the RFC 8514 save date keys. */
final class ObjectSearch {
    private ObjectSearch() {}

    /** Whether the keys need the messages' {@link satchel.store.MessageObjects} (SAVEDATESUPPORTED does not). */
    static boolean needsObjects(SearchKey criteria) {
        return SearchKey.any(criteria, k -> k instanceof SearchKey.ObjectKey && !(k instanceof SearchKey.SaveDateSupported));
    }

    static boolean matches(SearchKey.ObjectKey key, MessageData m) {
        return switch (key) {
            case SearchKey.EmailId e -> m.objects().emailId().equals(e.id());
            case SearchKey.ThreadId t -> m.objects().threadId().equals(t.id());
            case SearchKey.SaveDate d -> saved(d, m.objects().saveDate().map(i -> LocalDate.ofInstant(i, ZoneOffset.UTC)));
            // Every mailbox records save dates: messages from before they were recorded still count (RFC 8514 §4
            // makes this a property of the mailbox).
            case SearchKey.SaveDateSupported _ -> true;
        };
    }

    /**
     * The save date's UTC calendar date, as BEFORE/ON/SINCE use the internal date's. A message whose save date is
     * not known (stored before it was recorded; FETCH says NIL) is not before, on or after any date.
     */
    private static boolean saved(SearchKey.SaveDate d, Optional<LocalDate> day) {
        if (day.isEmpty()) return false;
        return switch (d.op()) {
            case BEFORE -> day.get().isBefore(d.date());
            case ON -> day.get().isEqual(d.date());
            case SINCE -> !day.get().isBefore(d.date());
        };
    }
}
