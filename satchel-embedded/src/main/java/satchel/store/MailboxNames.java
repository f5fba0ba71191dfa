package satchel.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Mailbox name rules shared by the store implementations: "/" is the hierarchy delimiter and INBOX (as a whole
 * name or as the first level) is case-insensitive and stored as "INBOX" (RFC 3501 §5.1). Stateless.
 */
public final class MailboxNames {
    public static final String INBOX = "INBOX";
    public static final char DELIMITER = '/';

    /** A mailbox every new account gets, with its RFC 6154 special-use attribute (null for INBOX). */
    public record Default(String name, String specialUse) {}

    /** INBOX and the RFC 6154 special-use mailboxes that {@link MailStore#createUser} creates, all subscribed. */
    public static final List<Default> DEFAULTS = List.of(
            new Default(INBOX, null), new Default("Drafts", "\\Drafts"), new Default("Sent", "\\Sent"),
            new Default("Trash", "\\Trash"), new Default("Junk", "\\Junk"), new Default("Archive", "\\Archive"));

    private MailboxNames() {}

    /**
     * The canonical form of a name given by a client: INBOX upper-cased, one trailing delimiter dropped
     * (RFC 3501 §6.3.3 "foo/" creates "foo"). Empty names, empty levels ("a//b", "/a") and control characters
     * are refused: they cannot round-trip through LIST sensibly.
     */
    public static String normalize(String name) throws StoreException {
        if (name == null || name.isEmpty()) throw invalid("Mailbox name is empty");
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty()) throw invalid("Mailbox name is empty");
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c < 0x20 || c == 0x7f) throw invalid("Mailbox name contains a control character");
        }
        String[] levels = n.split("/", -1);
        for (String level : levels) {
            if (level.isEmpty()) throw invalid("Mailbox name has an empty hierarchy level");
        }
        if (levels[0].equalsIgnoreCase(INBOX)) levels[0] = INBOX;
        return String.join("/", levels);
    }

    public static boolean isInbox(String normalized) {
        return INBOX.equals(normalized);
    }

    /** Superior names, outermost first: "a/b/c" gives ["a", "a/b"]. */
    public static List<String> parents(String normalized) {
        List<String> out = new ArrayList<>();
        for (int i = normalized.indexOf(DELIMITER); i >= 0; i = normalized.indexOf(DELIMITER, i + 1)) {
            out.add(normalized.substring(0, i));
        }
        return out;
    }

    /** True if {@code candidate} is strictly below {@code parent} in the hierarchy. */
    public static boolean isDescendant(String candidate, String parent) {
        return candidate.length() > parent.length() + 1 && candidate.startsWith(parent)
                && candidate.charAt(parent.length()) == DELIMITER;
    }

    /** The name {@code descendant} gets when its ancestor {@code from} is renamed to {@code to}. */
    public static String renamed(String descendant, String from, String to) {
        return to + descendant.substring(from.length());
    }

    private static StoreException invalid(String message) {
        return new StoreException(StoreException.Kind.CANNOT, message);
    }
}
