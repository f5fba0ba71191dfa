package satchel.session;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * LIST/LSUB name matching (RFC 3501 §6.3.8): reference and pattern are joined, "*" matches anything and "%"
 * anything but the hierarchy delimiter; INBOX is matched case-insensitively.
 */
record MailboxPattern(Pattern regex, boolean hasPercent) {
    static MailboxPattern of(String reference, String pattern) {
        String full = joined(reference, pattern);
        StringBuilder re = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < full.length(); i++) {
            char c = full.charAt(i);
            if (c == '*' || c == '%') {
                flush(re, lit);
                re.append(c == '*' ? ".*" : "[^/]*");
            } else {
                lit.append(c);
            }
        }
        flush(re, lit);
        return new MailboxPattern(Pattern.compile(re.toString(), Pattern.DOTALL), full.indexOf('%') >= 0);
    }

    private static String joined(String reference, String pattern) {
        if (pattern.startsWith("/") || reference.isEmpty()) return inboxUpper(pattern);
        return inboxUpper(reference + pattern);
    }

    /** "inbox/x" names the same as "INBOX/x": only the first level is case-insensitive. */
    static String inboxUpper(String name) {
        if (name.length() >= 5 && name.substring(0, 5).equalsIgnoreCase("INBOX")
                && (name.length() == 5 || "/%*".indexOf(name.charAt(5)) >= 0)) {
            return "INBOX" + name.substring(5);
        }
        return name;
    }

    private static void flush(StringBuilder re, StringBuilder lit) {
        if (!lit.isEmpty()) re.append(Pattern.quote(lit.toString()));
        lit.setLength(0);
    }

    boolean matches(String name) {
        return regex.matcher(name).matches();
    }

    static String upper(String s) { return s.toUpperCase(Locale.ROOT); }
}
