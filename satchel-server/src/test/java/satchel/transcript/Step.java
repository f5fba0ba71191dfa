package satchel.transcript;

import java.util.List;

/** One line (or block) of a transcript file, with the 1-based line number it came from. */
sealed interface Step {
    int line();

    /** The session a step acts on, or null for file-wide directives. */
    String session();

    /** {@code C:} (text plus CRLF), {@code C+:} (text, no CRLF) or {@code CX:} (hex bytes, no CRLF). */
    record Send(int line, String session, String text, boolean crlf, byte[] raw) implements Step {}

    /** {@code S:} one expected server line; {@code S?:} a line the server may send or leave out. */
    record Expect(int line, String session, String pattern, boolean optional) implements Step {}

    /** {@code S: <closed>}: the server closes the connection. */
    record ExpectClosed(int line, String session) implements Step {}

    /** {@code unordered { ... }}: the enclosed expectations may arrive in any order. */
    record Unordered(int line, String session, List<Expect> lines) implements Step {}

    /** {@code !user NAME PASSWORD}. */
    record User(int line, String name, String password) implements Step {
        @Override public String session() { return null; }
    }

    /** {@code !append USER MAILBOX [args] <<EOF ... EOF} or {@code < fixture.eml}: seed a message over IMAP. */
    record Append(int line, String user, String mailbox, String args, byte[] message) implements Step {
        @Override public String session() { return null; }
    }

    /** {@code !quota USER STORAGE MESSAGES}: the user's own limits (a size or "unlimited", a count or "unlimited"). */
    record Quota(int line, String user, String storage, String messages) implements Step {
        @Override public String session() { return null; }
    }

    /** {@code !login @s USER}: open session s, skip the greeting, log in quietly. */
    record Login(int line, String session, String user) implements Step {}

    /** {@code !select @s MAILBOX}: select quietly (untagged responses are not checked). */
    record Select(int line, String session, String mailbox) implements Step {}

    /** {@code !close @s}: drop the connection abruptly. */
    record Close(int line, String session) implements Step {}

    /** {@code !tls @s}: upgrade the client side to TLS (after the server's STARTTLS OK). */
    record Tls(int line, String session) implements Step {}
}
