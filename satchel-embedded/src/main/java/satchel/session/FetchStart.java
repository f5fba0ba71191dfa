package satchel.session;

import satchel.wire.Response;

/**
 * The head of a FETCH response: {@code * seq FETCH}, or after ENABLE UIDONLY {@code * uid UIDFETCH} (RFC 9586
 * §3.3), which names the message by UID since the client keeps no message numbers.
 */
final class FetchStart {
    private FetchStart() {}

    static Response of(int seq, long uid, boolean uidOnly) {
        return uidOnly ? Response.untagged().number(uid).atom("UIDFETCH") : Response.untagged().number(seq).atom("FETCH");
    }
}
