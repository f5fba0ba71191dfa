package satchel.session;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Flag names as RFC 3501 §2.3.2 defines them: system flags, keywords, and the session-only \Recent. */
final class Flags {
    static final List<String> SYSTEM = List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft");
    private static final Map<String, String> CANONICAL = Map.of(
            "\\answered", "\\Answered", "\\flagged", "\\Flagged", "\\deleted", "\\Deleted",
            "\\seen", "\\Seen", "\\draft", "\\Draft", "\\recent", "\\Recent");

    private Flags() {}

    /** Thrown for a flag that may not be stored, such as an unknown "\Foo". */
    static final class Invalid extends Exception {
        Invalid(String m) { super(m); }
    }

    /**
     * Canonical spelling of storable flags; \Recent is dropped (RFC 3501 §2.3.2: not storable),
     * unknown system flags are refused.
     */
    static Set<String> storable(Set<String> flags) throws Invalid {
        Set<String> out = new LinkedHashSet<>();
        for (String f : flags) {
            if (f.startsWith("\\")) {
                String c = CANONICAL.get(f.toLowerCase(Locale.ROOT));
                if (c == null) throw new Invalid("Invalid system flag " + f);
                if (!c.equals("\\Recent")) out.add(c);
            } else if (!f.isEmpty()) {
                out.add(f);
            }
        }
        return out;
    }

    static List<String> withRecent(Set<String> flags, boolean recent) {
        List<String> out = new ArrayList<>(flags.size() + 1);
        for (String s : SYSTEM) if (flags.contains(s)) out.add(s);
        for (String f : flags) if (!f.startsWith("\\")) out.add(f);
        if (recent) out.add("\\Recent");
        return out;
    }
}
