package satchel.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The distinct flag combinations of one mailbox, each numbered once: a message stores only the number (4 bytes
 * instead of a {@code Set<String>} per message), and FETCH FLAGS copies bytes rendered once per combination. A
 * mailbox holds a handful of combinations (\Seen, \Seen \Answered, none, ...), so the table stays small; the
 * worst case, a unique keyword on every message, costs what per-message sets did. Append-only and thread-safe:
 * every session on the mailbox shares one table, so equal numbers mean equal flags across their views.
 */
final class FlagSets {
    /** RFC 3501 FETCH FLAGS order as FetchRenderer always wrote it: system flags, then keywords, sorted. */
    private static final Comparator<String> ORDER =
            Comparator.comparing((String f) -> !f.startsWith("\\")).thenComparing(Comparator.naturalOrder());
    private static final String RECENT = "\\Recent";

    private final Map<Set<String>, Integer> ids = new ConcurrentHashMap<>();
    private volatile Entry[] byId = new Entry[0];

    /** One combination: the set, and its FETCH rendering {@code FLAGS (...)} without and with \Recent. */
    private record Entry(Set<String> flags, byte[] plain, byte[] recent, boolean seen, boolean deleted) {}

    /** The number of {@code flags} (as the store gave them: canonical, without \Recent), assigned on first use. */
    int id(Set<String> flags) {
        Integer id = ids.get(flags);
        return id != null ? id : add(flags);
    }

    private synchronized int add(Set<String> flags) {
        Integer id = ids.get(flags);
        if (id != null) return id;
        Set<String> copy = Set.copyOf(flags);
        Entry[] next = Arrays.copyOf(byId, byId.length + 1);
        next[byId.length] = new Entry(copy, render(copy, false), render(copy, true),
                copy.contains(satchel.store.Flags.SEEN), copy.contains(satchel.store.Flags.DELETED));
        byId = next; // published before the id, so a reader that has the id finds the entry
        ids.put(copy, byId.length - 1);
        return byId.length - 1;
    }

    Set<String> flags(int id) { return byId[id].flags(); }

    boolean seen(int id) { return byId[id].seen(); }

    boolean deleted(int id) { return byId[id].deleted(); }

    /** {@code FLAGS (\Seen foo)}, with \Recent last when asked, ready to copy into a response. */
    byte[] rendered(int id, boolean recent) {
        Entry e = byId[id];
        return recent ? e.recent() : e.plain();
    }

    private static byte[] render(Set<String> flags, boolean recent) {
        List<String> sorted = new ArrayList<>(flags.size() + 1);
        for (String f : flags) if (isFlag(f)) sorted.add(f); // a junk keyword from a store must not break the response
        sorted.sort(ORDER);
        if (recent) sorted.add(RECENT);
        return ("FLAGS (" + String.join(" ", sorted) + ")").getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a stored flag can be sent as a flag atom (RFC 3501 §9 flag-keyword, or "\" atom). */
    static boolean isFlag(String f) {
        if (f.isEmpty() || f.equals("\\")) return false;
        for (int i = f.startsWith("\\") ? 1 : 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c <= ' ' || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) return false;
        }
        return true;
    }
}
