package satchel.session;

import java.util.List;
import satchel.protocol.FetchItem;
import satchel.wire.Response;

/** Renders RFC 3501 §7.4.2 FETCH data items for one message. */
public final class FetchRenderer {
    private FetchRenderer() {}

    /**
     * Appends {@code (item value item value ...)} for {@code items}, in order, to {@code r} (which already holds
     * "* n FETCH"). Setting \Seen is the caller's job; this only renders.
     */
    public static void render(Response r, List<FetchItem> items, MessageData m) {
        throw new UnsupportedOperationException("mime helper");
    }
}
