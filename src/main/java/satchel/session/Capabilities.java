package satchel.session;

import java.util.ArrayList;
import java.util.List;

/**
 * What the server advertises, by state and transport (RFC 3501 §6.1.1, §7.2.1). Only fully implemented
 * extensions are listed; capabilities change after STARTTLS and after login.
 */
final class Capabilities {
    private Capabilities() {}

    static final List<String> AUTHENTICATED = List.of(
            "IMAP4rev1", "LITERAL+", "SASL-IR", "ID", "ENABLE", "IDLE", "NAMESPACE", "UNSELECT", "CHILDREN",
            "UIDPLUS", "MOVE");

    static List<String> beforeLogin(boolean secure, boolean tlsAvailable, boolean plaintextAllowed) {
        List<String> caps = new ArrayList<>(List.of("IMAP4rev1", "LITERAL+", "SASL-IR", "ID", "ENABLE", "IDLE"));
        if (!secure && tlsAvailable) caps.add("STARTTLS");
        if (plaintextAllowed) caps.add("AUTH=PLAIN");
        else caps.add("LOGINDISABLED");
        caps.add("AUTH=SCRAM-SHA-256");
        return caps;
    }

    static String join(List<String> caps) {
        return String.join(" ", caps);
    }
}
