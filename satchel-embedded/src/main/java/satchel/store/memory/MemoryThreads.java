package satchel.store.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import satchel.store.ThreadRule;

/** Per user, the thread each Message-ID seen is in ({@link ThreadRule}). Guarded by the store's lock. */
final class MemoryThreads {
    private final Map<Long, Map<String, Long>> refs = new HashMap<>();

    /** The thread of {@code userId}'s new message on {@code blob}; a new thread is numbered by the blob. */
    long assign(long userId, Box.Blob blob) {
        Map<String, Long> known = refs.computeIfAbsent(userId, _ -> new HashMap<>());
        List<Long> found = new ArrayList<>();
        for (String k : blob.threadKeys()) {
            Long t = known.get(k);
            if (t != null) found.add(t);
        }
        long thread = ThreadRule.choose(found, blob.id());
        for (String k : blob.threadKeys()) known.putIfAbsent(k, thread);
        return thread;
    }

    void forget(long userId) {
        refs.remove(userId);
    }
}
