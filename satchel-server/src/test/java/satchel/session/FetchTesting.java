package satchel.session;

import java.util.List;
import satchel.protocol.FetchItem;
import satchel.wire.Response;

/** Renders FETCH responses to strings for assertions. */
final class FetchTesting {
    private FetchTesting() {}

    static String fetch(MessageData m, FetchItem... items) {
        Response r = Response.untagged().number(m.seq()).atom("FETCH");
        FetchRenderer.render(r, List.of(items), m);
        return r.toString();
    }

    static String fetch(byte[] msg, FetchItem... items) {
        return fetch(FetchTestMessage.of(msg), items);
    }

    static String bodystructure(byte[] msg) {
        return strip(fetch(msg, new FetchItem.BodyStructure(true)), "BODYSTRUCTURE ");
    }

    static String body(byte[] msg) {
        return strip(fetch(msg, new FetchItem.BodyStructure(false)), "BODY ");
    }

    static String envelope(byte[] msg) {
        return strip(fetch(msg, new FetchItem.Envelope()), "ENVELOPE ");
    }

    private static String strip(String response, String item) {
        String prefix = "* 1 FETCH (" + item;
        if (!response.startsWith(prefix) || !response.endsWith(")")) throw new AssertionError(response);
        return response.substring(prefix.length(), response.length() - 1);
    }
}
