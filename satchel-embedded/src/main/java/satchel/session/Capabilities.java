package satchel.session;

import java.util.ArrayList;
import java.util.List;

/**
 * What the server advertises, by state and transport (RFC 3501 §6.1.1, §7.2.1). Only fully implemented
 * extensions are listed, each with transcripts under {@code transcripts/ext}; capabilities change after
 * STARTTLS and after login.
 *
 * <p>IMAP4rev2 (RFC 9051) beside IMAP4rev1: a client that wants it says ENABLE IMAP4rev2 (Appendix A).
 *
 * <p>Literals: before login non-synchronising literals are capped at 4096 octets (LITERAL-), after login
 * only the byte budgets bound them (LITERAL+). RFC 7888 §4 forbids advertising both at once.
 */
final class Capabilities {
    private Capabilities() {}

    private static final List<String> AFTER_LOGIN = List.of(
            "IMAP4rev1", "IMAP4rev2", "LITERAL+", "SASL-IR", "ID", "ENABLE", "IDLE", "NAMESPACE", "UNSELECT", "CHILDREN",
            "UIDPLUS", "MOVE", "SPECIAL-USE", "CREATE-SPECIAL-USE", "LIST-EXTENDED", "LIST-STATUS", "ESEARCH",
            "SEARCHRES", "CONDSTORE", "QRESYNC", "COMPRESS=DEFLATE", "BINARY");

    /** After login; {@code appendLimit} is the APPEND budget of the session (RFC 7889 §3). */
    static List<String> authenticated(long appendLimit) {
        List<String> caps = new ArrayList<>(AFTER_LOGIN);
        caps.add("APPENDLIMIT=" + appendLimit);
        caps.add("STATUS=SIZE");
        caps.add("MULTIAPPEND");
        caps.add("WITHIN");
        caps.addAll(List.of("SORT", "SORT=DISPLAY", "ESORT", "THREAD=ORDEREDSUBJECT", "THREAD=REFERENCES"));
        caps.add("UTF8=ACCEPT");
        caps.add("REPLACE");
        caps.add("PARTIAL");
        caps.add("UIDONLY");
        caps.addAll(List.of("QUOTA", "QUOTA=RES-STORAGE", "QUOTA=RES-MESSAGE")); // RFC 9208; no QUOTASET
        caps.addAll(List.of("OBJECTID", "PREVIEW", "SAVEDATE"));
        caps.addAll(List.of("CONTEXT=SEARCH", "CONTEXT=SORT")); // RFC 5267 §4: SearchContexts
        caps.add("CATENATE"); // RFC 4469: Catenation
        caps.add("METADATA"); // RFC 5464 §1: server and mailbox annotations (METADATA-SERVER is implied)
        caps.add("NOTIFY"); // RFC 5465
        return caps;
    }

    static List<String> beforeLogin(boolean secure, boolean tlsAvailable, boolean plaintextAllowed) {
        List<String> caps = new ArrayList<>(List.of("IMAP4rev1", "IMAP4rev2", "LITERAL-", "SASL-IR", "ID", "ENABLE", "IDLE"));
        if (!secure && tlsAvailable) caps.add("STARTTLS");
        if (plaintextAllowed) caps.add("AUTH=PLAIN");
        else caps.add("LOGINDISABLED");
        caps.add("AUTH=SCRAM-SHA-256");
        return caps;
    }

    /**
     * The mechanisms that depend on configuration and transport: bearer tokens (only where plaintext is allowed),
     * SCRAM-SHA-256-PLUS (only where a tls-exporter channel binding exists: TLS 1.3).
     */
    static List<String> withSasl(List<String> caps, boolean bearer, boolean channelBinding) {
        if (channelBinding) caps.add("AUTH=SCRAM-SHA-256-PLUS");
        if (bearer) caps.addAll(List.of("AUTH=OAUTHBEARER", "AUTH=XOAUTH2"));
        return caps;
    }

    static String join(List<String> caps) {
        return String.join(" ", caps);
    }
}
