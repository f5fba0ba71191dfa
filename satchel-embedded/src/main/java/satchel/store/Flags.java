package satchel.store;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Flag arithmetic shared by the stores. System flags (RFC 3501 §2.3.2) are stored with canonical capitalisation;
 * keywords keep the spelling they were first given but compare case-insensitively. "\Recent" is session state,
 * never stored: it is dropped wherever it appears.
 */
public final class Flags {
    public static final String SEEN = "\\Seen";
    public static final String ANSWERED = "\\Answered";
    public static final String FLAGGED = "\\Flagged";
    public static final String DELETED = "\\Deleted";
    public static final String DRAFT = "\\Draft";
    public static final String RECENT = "\\Recent";

    /** Bit positions for the stored system-flag mask, in this order. */
    private static final String[] SYSTEM = {SEEN, ANSWERED, FLAGGED, DELETED, DRAFT};
    public static final int SEEN_BIT = 1;
    public static final int DELETED_BIT = 8;

    private Flags() {}

    /** Canonical spelling of a system flag, or the flag itself; null for \Recent. */
    static String canonical(String flag) {
        if (flag.equalsIgnoreCase(RECENT)) return null;
        for (String s : SYSTEM) if (s.equalsIgnoreCase(flag)) return s;
        return flag;
    }

    public static boolean isKeyword(String flag) {
        return !flag.startsWith("\\");
    }

    /** Canonical, \Recent-free, case-insensitively de-duplicated copy. */
    public static Set<String> normalize(Set<String> flags) {
        return Set.copyOf(byKey(flags).values());
    }

    /** Applies a STORE to {@code current}; flags already present keep their current spelling. */
    public static Set<String> apply(Set<String> current, FlagUpdate.Mode mode, Set<String> given) {
        Map<String, String> cur = byKey(current);
        Map<String, String> in = byKey(given);
        Map<String, String> out = switch (mode) {
            case REPLACE -> {
                Map<String, String> m = new LinkedHashMap<>();
                in.forEach((k, v) -> m.put(k, cur.getOrDefault(k, v)));
                yield m;
            }
            case ADD -> {
                Map<String, String> m = new LinkedHashMap<>(cur);
                in.forEach(m::putIfAbsent);
                yield m;
            }
            case REMOVE -> {
                Map<String, String> m = new LinkedHashMap<>(cur);
                m.keySet().removeAll(in.keySet());
                yield m;
            }
        };
        return Set.copyOf(out.values());
    }

    public static int systemBits(Set<String> flags) {
        int bits = 0;
        for (int i = 0; i < SYSTEM.length; i++) if (flags.contains(SYSTEM[i])) bits |= 1 << i;
        return bits;
    }

    /** Non-system flags (keywords, and unknown "\" extensions kept verbatim), sorted, space-separated. */
    public static String otherFlagsText(Set<String> flags) {
        TreeSet<String> rest = new TreeSet<>();
        for (String f : flags) if (!isSystem(f)) rest.add(f);
        return String.join(" ", rest);
    }

    public static Set<String> fromStored(int bits, String other) {
        TreeSet<String> out = new TreeSet<>();
        for (int i = 0; i < SYSTEM.length; i++) if ((bits & (1 << i)) != 0) out.add(SYSTEM[i]);
        if (other != null && !other.isEmpty()) for (String f : other.split(" ")) out.add(f);
        return Set.copyOf(out);
    }

    static boolean isSystem(String flag) {
        for (String s : SYSTEM) if (s.equals(flag)) return true;
        return false;
    }

    public static String key(String flag) {
        return flag.toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> byKey(Set<String> flags) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : flags) {
            String c = canonical(f);
            if (c != null) m.putIfAbsent(key(c), c);
        }
        return m;
    }
}
