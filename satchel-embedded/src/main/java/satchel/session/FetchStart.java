package satchel.session;

import satchel.wire.Response;

/**
 * The head of a FETCH response: {@code * seq FETCH}, or after ENABLE UIDONLY {@code * uid UIDFETCH} (RFC 9586
 * §3.3), which names the message by UID since the client keeps no message numbers.
 */
final class FetchStart {
    private FetchStart() {}

    static Response of(int seq, long uid, boolean uidOnly) {
        return of(seq, uid, uidOnly, 128);
    }

    /** {@code bytes}: about how long the response will be (with an ENVELOPE and a BODYSTRUCTURE, a KiB or so). */
    static Response of(int seq, long uid, boolean uidOnly, int bytes) {
        Response r = Response.untagged(bytes);
        return uidOnly ? r.number(uid).atom("UIDFETCH") : r.number(seq).atom("FETCH");
    }
}
