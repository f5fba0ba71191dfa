package satchel.session;

import java.util.Optional;
import satchel.protocol.Command.CancelUpdate;
import satchel.protocol.Command.Check;
import satchel.protocol.Command.Close;
import satchel.protocol.Command.Copy;
import satchel.protocol.Command.Expunge;
import satchel.protocol.Command.Fetch;
import satchel.protocol.Command.Replace;
import satchel.protocol.Command.Search;
import satchel.protocol.Command.SelectedOnly;
import satchel.protocol.Command.Sort;
import satchel.protocol.Command.Store;
import satchel.protocol.Command.Threads;
import satchel.protocol.Command.Unselect;
import satchel.protocol.SearchKey;

/**
 * RFC 9586 §3.2: once a session has enabled UIDONLY, a command that names messages by sequence number (the
 * non-UID FETCH, STORE, SEARCH, COPY, MOVE, SORT, THREAD, REPLACE, or a message-number search key) is answered
 * BAD [UIDREQUIRED]: the client keeps no map from numbers to messages, so any answer would be a guess.
 */
final class UidOnly {
    private UidOnly() {}

    /** Why {@code cmd} is refused under UIDONLY, or empty if it names messages by UID only. */
    static Optional<String> refusal(SelectedOnly cmd) {
        boolean byUid = switch (cmd) {
            case Fetch c -> c.byUid();
            case Store c -> c.byUid();
            case Search c -> c.byUid() && !numbers(c.criteria());
            case Copy c -> c.byUid();
            case Sort c -> c.byUid() && !numbers(c.criteria());
            case Threads c -> c.byUid() && !numbers(c.criteria());
            case Replace c -> c.byUid();
            case Expunge _, Check _, Close _, Unselect _, CancelUpdate _ -> true;
        };
        return byUid ? Optional.empty()
                : Optional.of("Message sequence numbers are not allowed after ENABLE UIDONLY; use the UID form and UID sets");
    }

    private static boolean numbers(SearchKey criteria) {
        return SearchKey.any(criteria, k -> k instanceof SearchKey.Sequence s && !s.byUid());
    }
}
