package satchel.session;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import satchel.protocol.FetchItem;
import satchel.store.MessageObjects;
import satchel.wire.Response;

/** Renders the FETCH items of {@link FetchItem.ObjectItem}: RFC 8474 ids, RFC 8514 SAVEDATE, RFC 8970 PREVIEW. */
final class ObjectFetch {
    /** date-time as INTERNALDATE renders it (RFC 8514 §4 reuses the syntax). */
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private ObjectFetch() {}

    static void render(Response r, FetchItem.ObjectItem item, MessageObjects o) {
        switch (item) {
            case FetchItem.EmailId _ -> r.atom("EMAILID").open().atom(o.emailId()).close();
            // RFC 8474 §5.2: NIL only from servers without threads; every message here has one.
            case FetchItem.ThreadId _ -> r.atom("THREADID").open().atom(o.threadId()).close();
            // RFC 8514 §4: NIL where the save date is not known (messages stored before it was recorded).
            case FetchItem.SaveDate _ -> {
                r.atom("SAVEDATE");
                if (o.saveDate().isPresent()) r.string(DATE_TIME.format(o.saveDate().get())); else r.nil();
            }
            // RFC 8970 §3.2: NIL only for LAZY, when no preview is kept yet (FetchCommand computes the others).
            case FetchItem.Preview _ -> {
                r.atom("PREVIEW");
                if (o.preview().isPresent()) r.string(o.preview().get()); else r.nil();
            }
        }
    }
}
