package satchel.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import satchel.store.Flags;

/**
 * The info part of a Maildir file name, {@code :2,} and then flag letters in ASCII order
 * (https://cr.yp.to/proto/maildir.html): D draft, F flagged, P passed (forwarded), R replied, S seen, T trashed;
 * Dovecot adds keywords as letters a..z, indices into the folder's {@code dovecot-keywords}.
 */
final class MaildirFlags {
    private MaildirFlags() {}

    /** "Passed" has no IMAP system flag; RFC 5788 registers $Forwarded for it, as mbsync and Dovecot map it. */
    static final String FORWARDED = "$Forwarded";

    private static final Map<Character, String> SYSTEM = Map.of('D', Flags.DRAFT, 'F', Flags.FLAGGED,
            'P', FORWARDED, 'R', Flags.ANSWERED, 'S', Flags.SEEN, 'T', Flags.DELETED);

    /** The part of a file name before its info, which is what {@code dovecot-uidlist} records. */
    static String base(String fileName) {
        int colon = fileName.indexOf(':');
        return colon < 0 ? fileName : fileName.substring(0, colon);
    }

    /** Flags of a file name; unknown letters and keyword letters without a name are ignored. */
    static Set<String> parse(String fileName, List<String> keywords) {
        int info = fileName.indexOf(":2,");
        Set<String> out = new TreeSet<>();
        if (info < 0) return out;
        for (char ch : fileName.substring(info + 3).toCharArray()) {
            String system = SYSTEM.get(ch);
            if (system != null) out.add(system);
            int k = ch - 'a';
            if (ch >= 'a' && ch <= 'z' && k < keywords.size() && keywords.get(k) != null) out.add(keywords.get(k));
        }
        return out;
    }

    /**
     * The info for {@code flags}, growing {@code keywords} (index = letter) as new keywords appear; keywords past the
     * 26th have no letter, as in Dovecot, and are left out (returned in {@code dropped}).
     */
    static String format(Set<String> flags, List<String> keywords, Set<String> dropped) {
        TreeSet<Character> letters = new TreeSet<>();
        for (var e : SYSTEM.entrySet()) if (flags.contains(e.getValue())) letters.add(e.getKey());
        for (String f : flags) {
            if (!Flags.isKeyword(f) || f.equals(FORWARDED)) continue;
            int k = indexOf(keywords, f);
            if (k < 0 && keywords.size() < 26) {
                keywords.add(f);
                k = keywords.size() - 1;
            }
            if (k < 0) dropped.add(f);
            else letters.add((char) ('a' + k));
        }
        StringBuilder sb = new StringBuilder(":2,");
        for (char c : letters) sb.append(c);
        return sb.toString();
    }

    private static int indexOf(List<String> keywords, String f) {
        for (int i = 0; i < keywords.size(); i++) if (keywords.get(i).equalsIgnoreCase(f)) return i;
        return -1;
    }

    /** {@code dovecot-keywords}: one "index name" per line. */
    static List<String> parseKeywords(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            int sp = line.indexOf(' ');
            if (sp <= 0) continue;
            int index;
            try {
                index = Integer.parseInt(line.substring(0, sp));
            } catch (NumberFormatException e) {
                continue;
            }
            if (index < 0 || index >= 26) continue;
            while (out.size() <= index) out.add(null);
            out.set(index, line.substring(sp + 1).trim());
        }
        return out;
    }
}
