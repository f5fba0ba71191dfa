package satchel.protocol;

import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalLong;

/** The arguments of GETMETADATA and SETMETADATA (RFC 5464 §4, §5) and the entry-name rules of §3.2. */
public final class Metadata {
    private Metadata() {}

    /** What the annotations are on: the server (mailbox "") or one mailbox. */
    public sealed interface Target {
        record Server() implements Target {}

        record Mailbox(MailboxName name) implements Target {}
    }

    /** RFC 5464 §4.2.2: DEPTH 0 (the entry only), 1 (and its children) or infinity (all below it). */
    public enum Depth { ZERO, ONE, INFINITY }

    /** RFC 5464 §4.2.1 MAXSIZE, if given, and DEPTH (0 when absent). */
    public record Options(OptionalLong maxSize, Depth depth) {
        public static final Options NONE = new Options(OptionalLong.empty(), Depth.ZERO);
    }

    /** One entry to set; {@code value} null (NIL) removes it. */
    public record Value(String entry, byte[] value) {
        @Override public boolean equals(Object o) {
            return o instanceof Value v && v.entry.equals(entry) && Arrays.equals(v.value, value);
        }

        @Override public int hashCode() { return entry.hashCode() * 31 + Arrays.hashCode(value); }

        @Override public String toString() { return entry + "=" + (value == null ? "NIL" : value.length + " bytes"); }
    }

    /**
     * An entry name in lower case (entry names are case-insensitive), or null with the reason in {@code problem}
     * when it breaks RFC 5464 §3.2: it must be "/private" or "/shared", alone or followed by slash-separated
     * components, none empty (no "//", no trailing "/"), without "*" or "%" (LIST-style wildcards), control
     * characters or 8-bit characters.
     */
    public static String entryName(String name, StringBuilder problem) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.equals("/private") && !lower.equals("/shared") && !lower.startsWith("/private/")
                && !lower.startsWith("/shared/")) {
            problem.append("Entry names begin with /private or /shared");
            return null;
        }
        if (lower.endsWith("/") || lower.contains("//")) {
            problem.append("Entry name with an empty component");
            return null;
        }
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == '*' || c == '%') {
                problem.append("Entry names contain no '*' or '%'");
                return null;
            }
            if (c < 0x20 || c >= 0x7f) {
                problem.append("Entry names contain no control or 8-bit characters");
                return null;
            }
        }
        return lower;
    }

    /** Whether the entry names one value rather than a whole scope ("/shared") or vendor ("/shared/vendor/x"). */
    public static boolean settable(String entry) {
        String rest = entry.substring(entry.indexOf('/', 1) < 0 ? entry.length() : entry.indexOf('/', 1));
        if (rest.isEmpty()) return false;
        // RFC 5464 §3.2: vendor entries are /<scope>/vendor/<vendor-token>/<name...>.
        if (rest.equals("/vendor") || rest.startsWith("/vendor/") && rest.indexOf('/', "/vendor/".length()) < 0) {
            return false;
        }
        return true;
    }
}
